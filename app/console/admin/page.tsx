"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, Card, ErrorBox, Field, Loading, PageHeader, Select, ScrollRegion } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { WitnessLogs } from "./witness-logs";

export default function PlatformAdminPage() {
  const t = useTranslations("console.admin");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orgs = useQuery(trpc.organization.listAll.queryOptions());
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"MUNICIPALITY" | "ESCO">("MUNICIPALITY");
  const create = useMutation(trpc.organization.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.listAll.queryKey() }) }));
  if (orgs.error) return <ErrorBox {...errorDetails(orgs.error)} />;
  if (!orgs.data) return <Loading what={t("loading")} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <Card>
        <ScrollRegion label={t("title")}>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">{t("name")}</th>
                <th scope="col" className="py-2">{t("kind")}</th>
                <th scope="col" className="py-2">{t("users")}</th>
                <th scope="col" className="py-2">{t("communities")}</th>
                <th scope="col" className="py-2">{t("firstAdmin")}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.map((o) => (
                <tr key={o.id} className="border-t border-slate-200 align-top">
                  <td className="py-2">{o.name}</td>
                  <td className="py-2">{o.kind === "ESCO" ? t("esco") : t("municipality")}</td>
                  <td className="py-2">{o.users}</td>
                  <td className="py-2">{o.communities}</td>
                  <td className="py-2">{o.users === 0 ? <InviteFirstAdmin orgId={o.id} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Card>
      <Card title={t("newOrg")}>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, kind }, { onSuccess: () => setName("") });
          }}
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("name")} value={name} onChange={(e) => setName(e.target.value)} />
            <Select label={t("kind")} value={kind} onChange={(e) => setKind(e.target.value as "MUNICIPALITY" | "ESCO")}>
              <option value="MUNICIPALITY">{t("municipality")}</option>
              <option value="ESCO">{t("escoLong")}</option>
            </Select>
          </div>
          {create.error ? <ErrorBox {...errorDetails(create.error)} /> : null}
          <Button type="submit" busy={create.isPending}>
            {t("createOrg")}
          </Button>
        </form>
      </Card>
      <WitnessLogs />
    </div>
  );
}

function InviteFirstAdmin({ orgId }: { orgId: string }) {
  const t = useTranslations("console.admin");
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const invite = useMutation(trpc.organization.inviteFirstAdmin.mutationOptions());
  if (invite.data) return <CopyLink link={invite.data.link} emailed={invite.data.emailed} />;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate({ orgId, email });
      }}
    >
      <Field label={t("adminEmail")} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={invite.error ? errorDetails(invite.error).message : undefined} />
      <Button type="submit" variant="secondary" busy={invite.isPending}>
        {t("invite")}
      </Button>
    </form>
  );
}
