"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { Button, Card, ErrorBox, Field, Loading, PageHeader, Select } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export default function OrgUsersPage() {
  const { orgId } = useParams<{ orgId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.organization.users.queryOptions({ orgId }));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"ADMIN" | "OPERATOR">("OPERATOR");
  const invite = useMutation(trpc.organization.inviteUser.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.users.queryKey({ orgId }) }) }));
  if (users.error) return <ErrorBox {...errorDetails(users.error)} />;
  if (!users.data) return <Loading what="Loading users" />;
  return (
    <div className="space-y-6">
      <PageHeader title="Users" subtitle={<Link href={`/console/orgs/${orgId}/audit`}>Audit log</Link>} />
      <Card>
        <table className="w-full text-left text-sm">
          <thead className="text-slate-700">
            <tr>
              <th scope="col" className="py-2">Name</th>
              <th scope="col" className="py-2">E-mail</th>
              <th scope="col" className="py-2">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.userId} className="border-t border-slate-200">
                <td className="py-2">{u.name}</td>
                <td className="py-2">{u.email}</td>
                <td className="py-2">{u.role === "ADMIN" ? "Administrator" : "Operator"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Invite a colleague">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ orgId, email, role });
          }}
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as "ADMIN" | "OPERATOR")}>
              <option value="OPERATOR">Operator (day-to-day work)</option>
              <option value="ADMIN">Administrator (settings, users, audit log)</option>
            </Select>
          </div>
          {invite.error ? <ErrorBox {...errorDetails(invite.error)} /> : null}
          <Button type="submit" busy={invite.isPending}>
            Create invitation
          </Button>
          {invite.data ? <CopyLink link={invite.data.link} emailed={invite.data.emailed} /> : null}
        </form>
      </Card>
    </div>
  );
}
