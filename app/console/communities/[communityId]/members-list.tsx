"use client";
// The members list of the community page: search, filters (kind, account, active/ended), sort, the
// list as CSV or XLSX, and — for those who manage members — selecting members without an account
// and inviting them in one go, with one confirmation and a result per member.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { ExportLinks, FilterSelect, ListRegion, ListToolbar, queryString, SearchBox, SortHeader, type SortState } from "@/app/_components/data-list";
import { Button, Empty, ErrorBox, Loading, Notice } from "@/app/_components/ui";
import { formatDate, kindLabel } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

type SortKey = "reference" | "name" | "kind" | "joinedOn" | "points";
type Kind = "CONSUMER" | "PRODUCER" | "PROSUMER";
interface Filters {
  search: string;
  kind: "" | Kind;
  account: "" | "with" | "without";
  status: "" | "active" | "ended";
}

export function MembersList({ communityId, canManage, onInvited }: { communityId: string; canManage: boolean; onInvited?: () => void }) {
  const trpc = useTRPC();
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
  if (!members.data) return <Loading what="Loading members" />;
  const list = members.data;
  const invitable = list.filter((m) => !m.hasAccount && !(m.leftOn && m.leftOn <= new Date().toISOString().slice(0, 10)));
  const chosen = list.filter((m) => selected.has(m.id));
  const withoutEmail = chosen.filter((m) => !m.personal?.email);
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const exportHref = (format: string) => `/api/communities/${communityId}/members/export?${queryString({ format, search: query.search, kind: query.kind, account: query.account, status: query.status, sort: order.sort, dir: order.dir })}`;

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="mb-3 text-lg font-semibold">
        Members ({list.length})
      </h2>
      <ListToolbar label="Search and filter members">
        <SearchBox label="Search" placeholder={canManage ? "Reference, name, e-mail or meter id" : "Reference, pseudonym or meter id"} value={filters.search} onChange={setSearch} />
        <FilterSelect label="Kind" value={filters.kind} onChange={(v) => setFilters((f) => ({ ...f, kind: v as Filters["kind"] }))} options={Object.entries(kindLabel).map(([value, label]) => ({ value, label }))} />
        <FilterSelect label="Account" value={filters.account} onChange={(v) => setFilters((f) => ({ ...f, account: v as Filters["account"] }))} options={[{ value: "with", label: "Has an account" }, { value: "without", label: "No account" }]} />
        <FilterSelect label="Membership" value={filters.status} onChange={(v) => setFilters((f) => ({ ...f, status: v as Filters["status"] }))} options={[{ value: "active", label: "Active" }, { value: "ended", label: "Ended" }]} />
        <ExportLinks href={exportHref} />
      </ListToolbar>
      {canManage ? (
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <Button variant="secondary" onClick={() => setSelected(new Set(invitable.map((m) => m.id)))} disabled={invitable.length === 0}>
            Select all without an account ({invitable.length})
          </Button>
          <Button onClick={() => setConfirming(true)} disabled={chosen.length === 0} busy={invite.isPending}>
            Invite selected ({chosen.length})
          </Button>
          {chosen.length ? (
            <Button variant="secondary" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        variant="primary"
        title={`Invite ${chosen.length} member${chosen.length === 1 ? "" : "s"}?`}
        confirmLabel={`Send ${chosen.length - withoutEmail.length} invitation${chosen.length - withoutEmail.length === 1 ? "" : "s"}`}
        confirmDisabled={chosen.length === withoutEmail.length}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          invite.mutate({ communityId, memberIds: chosen.map((m) => m.id) });
        }}
      >
        <p>
          Each selected member gets a single-use link by e-mail to create their account (valid 7 days). {chosen.length - withoutEmail.length} of {chosen.length} have an e-mail address.
        </p>
        {withoutEmail.length ? (
          <p className="mt-2">
            Without an e-mail address, skipped: {withoutEmail.map((m) => m.reference).join(", ")}. Add an address on their page first.
          </p>
        ) : null}
      </ConfirmDialog>
      <div aria-live="polite" className="mb-3">
        {invite.error ? <ErrorBox {...errorDetails(invite.error)} /> : null}
        {invite.data ? <InviteResults outcomes={invite.data} /> : null}
      </div>
      {list.length === 0 ? (
        <Empty>{filtered ? "No members match this search and these filters." : "No members yet. Add one, or import a list from a spreadsheet."}</Empty>
      ) : (
        <ListRegion label="Members table (scrolls sideways)">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Members of the community{filtered ? ", filtered" : ""}; column headers sort the list</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {canManage ? (
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Select</span>
                  </th>
                ) : null}
                <SortHeader label="Reference" column="reference" state={order} onSort={setOrder} />
                <SortHeader label="Name" column="name" state={order} onSort={setOrder} />
                <SortHeader label="Kind" column="kind" state={order} onSort={setOrder} />
                <SortHeader label="Member since" column="joinedOn" state={order} onSort={setOrder} />
                <SortHeader label="Metering points" column="points" state={order} onSort={setOrder} />
                <th scope="col" className="px-3 py-2">
                  Account
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} className="border-t border-slate-200">
                  {canManage ? (
                    <td className="px-3 py-2">
                      {m.hasAccount ? null : <input type="checkbox" className="h-5 w-5" checked={selected.has(m.id)} onChange={() => toggle(m.id)} aria-label={`Select ${m.reference}`} />}
                    </td>
                  ) : null}
                  <td className="px-3 py-2">
                    <Link href={`/console/communities/${communityId}/members/${m.id}`}>{m.reference}</Link>
                  </td>
                  <td className="px-3 py-2">{m.personal?.name ?? <span className="text-slate-600" title="Pseudonymous id">{m.pseudonym}</span>}</td>
                  <td className="px-3 py-2">{kindLabel[m.kind]}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {formatDate(m.joinedOn)}
                    {m.leftOn ? ` – ${formatDate(m.leftOn)}` : ""}
                  </td>
                  <td className="px-3 py-2">{m.meteringPoints.length}</td>
                  <td className="px-3 py-2">{m.hasAccount ? "Yes" : "—"}</td>
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
  const sent = outcomes.filter((o) => o.status !== "skipped").length;
  return (
    <Notice>
      <p className="font-medium">
        {sent} invitation{sent === 1 ? "" : "s"} issued, {outcomes.length - sent} skipped.
      </p>
      <ul className="mt-2 space-y-1" aria-label="Invitation results">
        {outcomes.map((o) => (
          <li key={o.memberId} className="break-words">
            <span className="font-medium">{o.reference || o.memberId}</span>:{" "}
            {o.status === "sent" ? `sent to ${o.email}` : o.status === "link" ? (
              <>
                the e-mail could not be sent; pass on this link (shown once): <span className="font-mono text-xs break-all">{o.link}</span>
              </>
            ) : (
              `skipped — ${o.reason}`
            )}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
