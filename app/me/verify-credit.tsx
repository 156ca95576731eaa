"use client";
// "Verify my credit": the browser fetches an inclusion proof for each entry of the resident's credit
// account and checks it itself, with WebCrypto, against the community's published checkpoint — the
// same verifier as `npm run -s dajie -- proof verify` (server/ledger/verify-proof.ts).
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { Button, ErrorBox } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { verifyEntryProof, type EntryVerdict } from "@/server/ledger/verify-entry-proof";
import { Term } from "./credits";

type Proofs = inferRouterOutputs<AppRouter>["me"]["proofs"];
type Checked = { proofs: Proofs; verdicts: EntryVerdict[] };

export function VerifyCredit({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("verify");
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error: unknown; checked: Checked | null }>({ busy: false, error: null, checked: null });

  async function verify() {
    setState({ busy: true, error: null, checked: null });
    try {
      // Always fresh from the server: a verification must not reuse an earlier answer.
      const proofs = await queryClient.fetchQuery({ ...trpc.me.proofs.queryOptions({ memberId }), staleTime: 0 });
      const verdicts = proofs.checkpoint ? await Promise.all(proofs.entries.map((e) => verifyEntryProof(e, proofs.checkpoint!))) : [];
      setState({ busy: false, error: null, checked: { proofs, verdicts } });
    } catch (error) {
      setState({ busy: false, error, checked: null });
    }
  }

  const checked = state.checked;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {t.rich("intro", {
          proof: (chunks) => <Term title={t("proofTerm")}>{chunks}</Term>,
          checkpoint: (chunks) => <Term title={t("checkpointTerm")}>{chunks}</Term>,
        })}
      </p>
      <Button onClick={verify} busy={state.busy}>
        {t("button")}
      </Button>
      {state.error ? <ErrorBox {...errorDetails(state.error)} /> : null}
      {checked ? <Result checked={checked} /> : null}
    </div>
  );
}

function Result({ checked }: { checked: Checked }) {
  const { proofs, verdicts } = checked;
  const t = useTranslations("verify");
  const f = formatterFor(useLocale());
  // The proof lines exactly as checked here (leaf hash recomputed, published checkpoint), as a file.
  const download = useMemo(() => {
    const lines = verdicts.map((v) => v.proofLine).filter((l): l is string => l !== null);
    return URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "application/x-ndjson" }));
  }, [verdicts]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);
  const cp = proofs.checkpoint;
  if (!cp || proofs.entries.length === 0) {
    return (
      <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-4 text-sm">
        {t("nothing")}
      </p>
    );
  }
  const failed = verdicts.map((v, k) => ({ v, e: proofs.entries[k]! })).filter((x) => !x.v.verified);
  return (
    <div className="space-y-4" data-testid="verification">
      {failed.length === 0 ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900" data-testid="verification-result">
          <p className="font-semibold">{t("verified", { count: verdicts.length })}</p>
        </div>
      ) : (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="verification-result">
          <p className="font-semibold">
            {/* The verifier's reason is technical (hashes, leaf indices) and stays as the shared verifier words it. */}
            {t("notVerified", { failed: failed.length, count: verdicts.length, seq: failed[0]!.e.seq, why: failed[0]!.v.verified ? "" : failed[0]!.v.why })}
          </p>
          <p className="mt-1">{t("tellAdmin")}</p>
        </div>
      )}
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="checkpoint">
        <dt className="font-medium">{t("checkpoint")}</dt>
        <dd>{t("checkpointText", { entries: f.count(cp.treeSize), date: f.dateTime(cp.createdAt) })}</dd>
        <dt className="font-medium">{t("root")}</dt>
        <dd className="break-all font-mono text-xs" data-testid="checkpoint-root">
          {cp.root}
        </dd>
        <dd className="sm:col-span-2">
          {t.rich("compare", { community: proofs.community.name, link: (chunks) => <Link href={`/c/${proofs.community.slug}`}>{chunks}</Link> })}
        </dd>
      </dl>
      <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={t("tableLabel")}>
        <table className="w-full text-left text-sm" data-testid="verified-entries">
          <caption className="sr-only">{t("tableCaption")}</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-right">{t("columnEntry")}</th>
              <th scope="col" className="px-3 py-2">{t("columnPeriod")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("columnAmount")}</th>
              <th scope="col" className="px-3 py-2">{t("columnResult")}</th>
            </tr>
          </thead>
          <tbody>
            {proofs.entries.map((e, k) => {
              const v = verdicts[k]!;
              return (
                <tr key={e.seq} className="border-t border-slate-200">
                  <td className="px-3 py-1.5 text-right tabular-nums">#{e.seq}</td>
                  <td className="whitespace-nowrap px-3 py-1.5">{f.period(e.periodStart, e.periodEnd)}</td>
                  <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{f.eur(e.amountCents, { signed: true })}</td>
                  <td className={`px-3 py-1.5 ${v.verified ? "text-green-800" : "text-red-800"}`}>{v.verified ? t("ok") : t("failed", { why: v.why })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-sm">
        <a href={download} download={`dajie-proofs-${proofs.account.replace(/[^A-Za-z0-9-]/g, "_")}.jsonl`}>
          {t("download")}
        </a>{" "}
        {t("checkYourself")} <code className="rounded bg-slate-100 px-1">npm run -s dajie -- proof verify &lt; {`dajie-proofs-${proofs.account.replace(/[^A-Za-z0-9-]/g, "_")}.jsonl`}</code>
      </p>
    </div>
  );
}
