"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Card, Empty, Loading, PageHeader, Select } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { CommunityForm, emptyCommunity } from "../community-form";

export default function NewCommunityPage() {
  const t = useTranslations("console.newCommunity");
  const trpc = useTRPC();
  const router = useRouter();
  const who = useQuery(trpc.me.whoami.queryOptions());
  const [orgId, setOrgId] = useState<string>("");
  const create = useMutation(trpc.community.create.mutationOptions({ onSuccess: (c) => router.push(`/console/communities/${c.id}`) }));
  if (!who.data) return <Loading />;
  const municipalities = who.data.organizations.filter((o) => o.kind === "MUNICIPALITY" && o.role === "ADMIN");
  if (municipalities.length === 0) return <Empty>{t("onlyAdmin")}</Empty>;
  const owner = orgId || municipalities[0]!.id;

  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <Card>
        {municipalities.length > 1 ? (
          <div className="mb-5">
            <Select label={t("owner")} value={owner} onChange={(e) => setOrgId(e.target.value)}>
              {municipalities.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
          </div>
        ) : (
          <p className="mb-5 text-sm text-slate-600">{t("ownedBy", { name: municipalities[0]!.name })}</p>
        )}
        <CommunityForm
          initial={emptyCommunity}
          submitLabel={t("create")}
          busy={create.isPending}
          error={create.error ? errorDetails(create.error) : null}
          onSubmit={(community) => create.mutate({ orgId: owner, community })}
        />
      </Card>
    </div>
  );
}
