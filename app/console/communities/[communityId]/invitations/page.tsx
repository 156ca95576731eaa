"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Button, DataTable, Empty, ErrorBox, Loading } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useCommunity } from "../community-context";

const statusStyle: Record<string, string> = { pending: "bg-amber-100 text-amber-900", used: "bg-green-100 text-green-900", expired: "bg-slate-200 text-slate-800", revoked: "bg-red-100 text-red-900" };

export default function InvitationsPage() {
  const { communityId } = useCommunity();
  const t = useTranslations("console.invitations");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.invitation.list.queryOptions({ communityId }));
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey({ communityId }) }) }));
  if (list.error) return <ErrorBox {...errorDetails(list.error)} />;
  if (!list.data) return <Loading what={t("loading")} />;
  if (list.data.length === 0) return <Empty>{t("empty")}</Empty>;
  return (
    <div className="space-y-4">
      {revoke.error ? <ErrorBox {...errorDetails(revoke.error)} /> : null}
      <DataTable
        caption={t("caption")}
        className="rounded-lg border border-slate-200 bg-white"
        columns={[{ label: t("email") }, { label: t("member") }, { label: t("status") }, { label: t("expires") }, { label: <span className="sr-only">{t("actions")}</span> }]}
      >
        {list.data.map((inv) => (
          <tr key={inv.id} className="border-t border-slate-200">
            <td className="px-3 py-2">{inv.email}</td>
            <td className="px-3 py-2">{inv.memberId ? <Link href={`/console/communities/${communityId}/members/${inv.memberId}`}>{inv.memberReference}</Link> : "—"}</td>
            <td className="px-3 py-2">
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${statusStyle[inv.status]}`}>{inv.status in statusStyle ? t(`state.${inv.status as "pending"}`) : inv.status}</span>
            </td>
            <td className="px-3 py-2">{formatDateTime(inv.expiresAt, locale)}</td>
            <td className="px-3 py-2">
              {inv.status === "pending" ? (
                <Button variant="secondary" busy={revoke.isPending && revoke.variables?.invitationId === inv.id} onClick={() => revoke.mutate({ communityId, invitationId: inv.id })}>
                  {t("revoke")}
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
