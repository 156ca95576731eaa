"use client";
// The organization's audit log in words, in the reader's language: what happened ("Invitation sent"),
// who did it, a link to the object where the console has a page, and what changed as a short list of
// fields (personal values as markers). The server sends codes; the words are the catalogue's
// (messages auditWords, put together by server/audit/audit-words.ts). Filters (event, who, date range)
// are applied on the server, a page at a time; the downloads hold the same list (worded in English).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ExportLinks, FilterSelect, ListToolbar, queryString } from "@/app/_components/data-list";
import { Button, Empty, ErrorBox, Field, Loading, PageHeader } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { actionWords, actorWords, auditActionOptions, objectWords, valueWords, type AuditWords, type FieldChange } from "@/server/audit/audit-words";

/** The catalogue's audit words in the reader's language (the export builds the same from English). */
function useAuditWords(): AuditWords {
  const t = useTranslations("auditWords");
  return {
    action: (code) => t(`action.${code}`),
    object: (type) => t(`object.${type}`),
    member: (reference) => t("member", { reference }),
    ofMember: (kind, reference) => t("ofMember", { kind, reference }),
    point: (code) => t("point", { code }),
    personalData: () => t("personalData"),
    personalDataChanged: () => t("personalDataChanged"),
    actorKind: (kind) => t(`actor.${kind}`),
    cli: (name) => t("actor.cli", { name }),
  };
}

export default function AuditPage() {
  const { orgId } = useParams<{ orgId: string }>();
  const trpc = useTRPC();
  const t = useTranslations("console.audit");
  const locale = useLocale();
  const f = formatterFor(locale);
  const words = useAuditWords();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filter = { action: action || undefined, actor: actor || undefined, from: from || undefined, to: to || undefined };
  const actors = useQuery(trpc.organization.auditActors.queryOptions({ orgId }));
  const log = useInfiniteQuery(trpc.organization.auditLog.infiniteQueryOptions({ orgId, limit: 50, filter }, { getNextPageParam: (last) => last.nextCursor, placeholderData: (prev) => prev }));
  const filtered = Boolean(action || actor || from || to);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ListToolbar label={t("toolbar")}>
        <FilterSelect label={t("event")} value={action} onChange={setAction} allLabel={t("allEvents")} options={auditActionOptions(words, locale).map((a) => ({ value: a.action, label: a.label }))} />
        <FilterSelect label={t("who")} value={actor} onChange={setActor} allLabel={t("anyone")} options={(actors.data ?? []).map((a) => ({ value: a.id, label: a.label }))} />
        <Field label={t("from")} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label={t("to")} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <ExportLinks href={(format) => `/api/orgs/${orgId}/audit/export?${queryString({ format, ...filter })}`} />
      </ListToolbar>
      {log.error ? (
        <ErrorBox {...errorDetails(log.error)} />
      ) : !log.data ? (
        <Loading what={t("loading")} />
      ) : items.length === 0 ? (
        <Empty>{filtered ? t("emptyFiltered") : t("empty")}</Empty>
      ) : (
        <ol className="space-y-2" aria-label={t("entries")}>
          {items.map((e) => (
            <li key={e.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                <time dateTime={e.at} className="text-slate-600">
                  {f.dateTime(e.at)}
                </time>
                <span className="font-medium">{actionWords(words, e.action)}</span>
                <span className="break-words">{actorWords(words, e.actor)}</span>
                <span className="text-slate-700">
                  {e.objectHref ? <Link href={e.objectHref}>{objectWords(words, e.object)}</Link> : objectWords(words, e.object)}
                </span>
              </div>
              {e.changes.length ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-credit">
                    {t("fields", { count: e.changes.length })}
                  </summary>
                  <Changes changes={e.changes} words={words} />
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {log.hasNextPage ? (
        <Button variant="secondary" className="mt-4" busy={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
          {t("older")}
        </Button>
      ) : null}
    </div>
  );
}

/** Before and after of each changed field, as a small table (stacked on a phone). */
function Changes({ changes, words }: { changes: FieldChange[]; words: AuditWords }) {
  const v = (value: string | null) => (value === null ? null : valueWords(words, value));
  const t = useTranslations("console.audit");
  const oneSided = changes.every((c) => c.before === null) || changes.every((c) => c.after === null);
  return (
    <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[minmax(8rem,auto)_1fr]">
      {changes.map((c) => (
        <div key={c.field} className="contents">
          <dt className="font-mono text-xs text-slate-700">{c.field}</dt>
          <dd className="min-w-0 break-words">
            {oneSided ? (
              v(c.after ?? c.before)
            ) : (
              <>
                <span className="text-slate-600">{v(c.before) ?? "—"}</span>
                <span aria-hidden> → </span>
                <span className="sr-only">{t("changedTo")}</span>
                <span>{v(c.after) ?? "—"}</span>
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
