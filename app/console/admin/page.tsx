"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, Card, ErrorBox, Field, Loading, PageHeader, Select, ScrollRegion } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { WitnessLogs } from "./witness-logs";

export default function PlatformAdminPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orgs = useQuery(trpc.organization.listAll.queryOptions());
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"MUNICIPALITY" | "ESCO">("MUNICIPALITY");
  const create = useMutation(trpc.organization.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.listAll.queryKey() }) }));
  if (orgs.error) return <ErrorBox {...errorDetails(orgs.error)} />;
  if (!orgs.data) return <Loading what="Loading organizations" />;
  return (
    <div className="space-y-6">
      <PageHeader title="Organizations" subtitle="Municipalities own communities; energy service companies serve them." />
      <Card>
        <ScrollRegion label="Organizations (scrollable table)">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">Name</th>
                <th scope="col" className="py-2">Kind</th>
                <th scope="col" className="py-2">Users</th>
                <th scope="col" className="py-2">Communities</th>
                <th scope="col" className="py-2">First administrator</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.map((o) => (
                <tr key={o.id} className="border-t border-slate-200 align-top">
                  <td className="py-2">{o.name}</td>
                  <td className="py-2">{o.kind === "ESCO" ? "ESCO" : "Municipality"}</td>
                  <td className="py-2">{o.users}</td>
                  <td className="py-2">{o.communities}</td>
                  <td className="py-2">{o.users === 0 ? <InviteFirstAdmin orgId={o.id} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Card>
      <Card title="New organization">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, kind }, { onSuccess: () => setName("") });
          }}
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} />
            <Select label="Kind" value={kind} onChange={(e) => setKind(e.target.value as "MUNICIPALITY" | "ESCO")}>
              <option value="MUNICIPALITY">Municipality</option>
              <option value="ESCO">Energy service company (ESCO)</option>
            </Select>
          </div>
          {create.error ? <ErrorBox {...errorDetails(create.error)} /> : null}
          <Button type="submit" busy={create.isPending}>
            Create organization
          </Button>
        </form>
      </Card>
      <WitnessLogs />
    </div>
  );
}

function InviteFirstAdmin({ orgId }: { orgId: string }) {
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
      <Field label="Administrator's e-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={invite.error ? errorDetails(invite.error).message : undefined} />
      <Button type="submit" variant="secondary" busy={invite.isPending}>
        Invite
      </Button>
    </form>
  );
}
