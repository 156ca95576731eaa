"use client";
// Joining: whether the public join page (/c/<slug>/join) takes requests, and the documents applicants
// accept. A changed title or link publishes a new version; members keep the version they accepted.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button, Card, ErrorBox, Field, Loading, Notice, fieldError } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { DocumentKind } from "@/server/join/schemas";

const KINDS: { kind: DocumentKind; label: string }[] = [
  { kind: "STATUTES", label: "Statutes" },
  { kind: "PRIVACY", label: "Privacy notice" },
];

export function JoinSettings({ communityId, slug }: { communityId: string; slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.joinRequest.settings.queryOptions({ communityId }));
  const save = useMutation(trpc.joinRequest.updateSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.joinRequest.settings.queryKey({ communityId }) }) }));
  const [enabled, setEnabled] = useState(false);
  const [docs, setDocs] = useState<Record<DocumentKind, { title: string; url: string }>>({ STATUTES: { title: "", url: "" }, PRIVACY: { title: "", url: "" } });
  useEffect(() => {
    if (!settings.data) return;
    setEnabled(settings.data.joinEnabled);
    const of = (k: DocumentKind) => settings.data.documents.find((d) => d.kind === k);
    setDocs({ STATUTES: { title: of("STATUTES")?.title ?? "", url: of("STATUTES")?.url ?? "" }, PRIVACY: { title: of("PRIVACY")?.title ?? "", url: of("PRIVACY")?.url ?? "" } });
  }, [settings.data]);
  if (settings.error) return <ErrorBox {...errorDetails(settings.error)} />;
  if (!settings.data) return <Loading what="Loading the join settings" />;
  const error = save.error ? errorDetails(save.error) : null;
  const doc = (k: DocumentKind) => (docs[k].title.trim() === "" && docs[k].url.trim() === "" ? null : { title: docs[k].title, url: docs[k].url });
  return (
    <Card title="Joining">
      <form
        className="space-y-4"
        data-testid="join-settings"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ communityId, joinEnabled: enabled, documents: { STATUTES: doc("STATUTES"), PRIVACY: doc("PRIVACY") } });
        }}
      >
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Take requests to join on the public page (<Link href={`/c/${slug}/join`}>/c/{slug}/join</Link>)
        </label>
        <p className="text-sm text-slate-700">
          Applicants confirm their e-mail address before a request reaches you (Join requests). The page needs a privacy notice. Changing a document&apos;s title or link publishes a new version; members keep
          the version they accepted.
        </p>
        {KINDS.map(({ kind, label }) => {
          const current = settings.data.documents.find((d) => d.kind === kind);
          return (
            <fieldset key={kind} className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-2 text-sm font-semibold">
                {label} {current ? `(version ${current.version}, published ${formatDateTime(current.publishedAt)})` : "(not published)"}
              </legend>
              <Field label={`${label}: title`} value={docs[kind].title} onChange={(e) => setDocs({ ...docs, [kind]: { ...docs[kind], title: e.target.value } })} maxLength={200} error={error ? fieldError(error.problems, `${kind}.title`) ?? fieldError(error.problems, kind) : undefined} />
              <Field label={`${label}: link`} type="url" value={docs[kind].url} onChange={(e) => setDocs({ ...docs, [kind]: { ...docs[kind], url: e.target.value } })} maxLength={2000} error={error ? fieldError(error.problems, `${kind}.url`) : undefined} />
            </fieldset>
          );
        })}
        {save.isSuccess ? <Notice>Saved.</Notice> : null}
        {error ? <ErrorBox {...error} /> : null}
        <Button type="submit" busy={save.isPending}>
          Save joining
        </Button>
        {settings.data.history.length > settings.data.documents.length ? (
          <details className="text-sm">
            <summary>Earlier versions</summary>
            <ul className="mt-2 list-disc pl-5">
              {settings.data.history
                .filter((h) => !settings.data.documents.some((d) => d.id === h.id))
                .map((h) => (
                  <li key={h.id}>
                    {h.kind === "STATUTES" ? "Statutes" : "Privacy notice"} v{h.version}: {h.title} — {h.url} ({formatDateTime(h.publishedAt)})
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </form>
    </Card>
  );
}
