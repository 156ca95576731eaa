"use client";
// The members list of the community page: search, filters (kind, account, active/ended), sort, the
// list as CSV or XLSX, and — for those who manage members — selecting members without an account
// and inviting them in one go, with one confirmation and a result per member.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Button, Empty, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { useEnumLabels } from "./settlement-parts";

type SortKey = "reference" | "name" | "kind" | "joinedOn" | "points";
const KINDS = ["CONSUMER", "PRODUCER", "PROSUMER"] as const;
type Kind = (typeof KINDS)[number];
interface Filters {
  search: string;
  kind: "" | Kind;
  account: "" | "with" | "without";
  status: "" | "active" | "ended";
}

export function MembersList({ communityId, canManage, onInvited }: { communityId: string; canManage: boolean; onInvited?: () => void }) {
  const trpc = useTRPC();
  const t = useTranslations("console.members");
  const f = formatterFor(useLocale());
  const labels = useEnumLabels();
  const [filters, setFilters] = useState<Filters>({ search: "", kind: "", account: "", status: "" });
  const [order, setOrder] = useState<SortState<SortKey>>({ sort: "reference", dir: "asc" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const query = { search: filters.search || undefined, kind: filters.kind || undefined, account: filters.account || undefined, status: filters.status || undefined, ...order };
  const members = useQuery({ ...trpc.member.search.queryOptions({ communityId, ...query }), placeholderData: (prev) => prev });
  const invite = useMutation(trpc.invitation.bulkInvite.mutationOptions({ onSuccess: () => (setSelected(new Set()), onInvited?.()) }));
  const setSearch = useCallback((search: string) => setFilters((f) => ({ ...f, search })), []);
  const filtered = Boolean(filters.search || filters.kind || filters.account || filters.status);

  if (members.error) return <ErrorBox {...errorDetails(members.error)} />;
  if (!members.data) return <Loading what={t("loading")} />;
  const list = members.data;
  const invitable = list.filter((m) => !m.hasAccount && !(m.leftOn && m.leftOn <= new Date().toISOString().slice(0, 10)));
  const chosen = list.filter((m) => selected.has(m.id));
  const withoutEmail = chosen.filter((m) => !m.personal?.email);
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const exportHref = (format: string) => `/api/communities/${communityId}/members/export?${queryString({ format, search: query.search, kind: query.kind, account: query.account, status: query.status, sort: order.sort, dir: order.dir })}`;

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="mb-3 text-lg font-semibold">
        {t("heading", { count: f.count(list.length) })}
      </h2>
      <ListToolbar label={t("toolbar")}>
        <SearchBox label={t("search")} placeholder={canManage ? t("searchPlaceholderManage") : t("searchPlaceholder")} value={filters.search} onChange={setSearch} />
        <FilterSelect label={t("kind")} value={filters.kind} onChange={(v) => setFilters((old) => ({ ...old, kind: v as Filters["kind"] }))} options={KINDS.map((value) => ({ value, label: labels.kind(value) }))} />
        <FilterSelect label={t("account")} value={filters.account} onChange={(v) => setFilters((old) => ({ ...old, account: v as Filters["account"] }))} options={[{ value: "with", label: t("hasAccount") }, { value: "without", label: t("noAccount") }]} />
        <FilterSelect label={t("membership")} value={filters.status} onChange={(v) => setFilters((old) => ({ ...old, status: v as Filters["status"] }))} options={[{ value: "active", label: t("active") }, { value: "ended", label: t("ended") }]} />
        <ExportLinks href={exportHref} />
      </ListToolbar>
      {canManage ? (
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <Button variant="secondary" onClick={() => setSelected(new Set(invitable.map((m) => m.id)))} disabled={invitable.length === 0}>
            {t("selectAll", { count: f.count(invitable.length) })}
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={chosen.length === 0} busy={invite.isPending}>
            {t("inviteSelected", { count: f.count(chosen.length) })}
          </Button>
          {chosen.length ? (
            <Button variant="secondary" onClick={() => setSelected(new Set())}>
              {t("clearSelection")}
            </Button>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        variant="primary"
        title={t("confirmTitle", { count: chosen.length })}
        confirmLabel={t("confirmSend", { count: chosen.length - withoutEmail.length })}
        confirmDisabled={chosen.length === withoutEmail.length}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          invite.mutate({ communityId, memberIds: chosen.map((m) => m.id) });
        }}
      >
        <p>
          {t("confirmBody", { withEmail: f.count(chosen.length - withoutEmail.length), total: f.count(chosen.length) })}
        </p>
        {withoutEmail.length ? (
          <p className="mt-2">
            {t("confirmSkipped", { references: withoutEmail.map((m) => m.reference).join(", ") })}
          </p>
        ) : null}
      </ConfirmDialog>
      <div aria-live="polite" className="mb-3">
        {invite.error ? <ErrorBox {...errorDetails(invite.error)} /> : null}
        {invite.data ? <InviteResults outcomes={invite.data} /> : null}
      </div>
      {list.length === 0 ? (
        <Empty>{filtered ? t("emptyFiltered") : t("empty")}</Empty>
      ) : (
        <ListRegion label={t("region")}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{filtered ? t("captionFiltered") : t("caption")}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {canManage ? (
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">{t("select")}</span>
                  </th>
                ) : null}
                <SortHeader label={t("reference")} column="reference" state={order} onSort={setOrder} />
                <SortHeader label={t("name")} column="name" state={order} onSort={setOrder} />
                <SortHeader label={t("kind")} column="kind" state={order} onSort={setOrder} />
                <SortHeader label={t("memberSince")} column="joinedOn" state={order} onSort={setOrder} />
                <SortHeader label={t("meteringPoints")} column="points" state={order} onSort={setOrder} />
                <th scope="col" className="px-3 py-2">
                  {t("account")}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} className="border-t border-slate-200">
                  {canManage ? (
                    <td className="px-3 py-2">
                      {m.hasAccount ? null : <input type="checkbox" className="h-5 w-5" checked={selected.has(m.id)} onChange={() => toggle(m.id)} aria-label={t("selectOne", { reference: m.reference })} />}
                    </td>
                  ) : null}
                  <td className="px-3 py-2">
                    <Link href={`/console/communities/${communityId}/members/${m.id}`}>{m.reference}</Link>
                  </td>
                  <td className="px-3 py-2">{m.personal?.name ?? <span className="text-slate-600" title={t("pseudonym")}>{m.pseudonym}</span>}</td>
                  <td className="px-3 py-2">{labels.kind(m.kind)}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {f.date(m.joinedOn)}
                    {m.leftOn ? ` – ${f.date(m.leftOn)}` : ""}
                  </td>
                  <td className="px-3 py-2">{f.count(m.meteringPoints.length)}</td>
                  <td className="px-3 py-2">{m.hasAccount ? t("yes") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ListRegion>
      )}
    </section>
  );
}

type Outcome = { memberId: string; reference: string } & ({ status: "sent"; email: string } | { status: "link"; email: string; link: string } | { status: "skipped"; reason: string });

/** What happened to each selected member: sent, a link to pass on (the mail failed), or skipped and why. */
function InviteResults({ outcomes }: { outcomes: Outcome[] }) {
  const t = useTranslations("console.members.results");
  const sent = outcomes.filter((o) => o.status !== "skipped").length;
  return (
    <Notice>
      <p className="font-medium">
        {t("summary", { sent, skipped: outcomes.length - sent })}
      </p>
      <ul className="mt-2 space-y-1" aria-label={t("label")}>
        {outcomes.map((o) => (
          <li key={o.memberId} className="break-words">
            <span className="font-medium">{o.reference || o.memberId}</span>:{" "}
            {o.status === "sent" ? t("sent", { email: o.email }) : o.status === "link" ? (
              <>
                {t("link")} <span className="font-mono text-xs break-all">{o.link}</span>
              </>
            ) : (
              t("skipped", { reason: o.reason })
            )}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
