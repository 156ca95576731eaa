"use client";
// "Verify my credit": the browser fetches the community's signed checkpoint (with the witnesses'
// cosignatures), the community's published keys and quorum, and an inclusion proof for each entry of
// the resident's credit account, and checks them itself with WebCrypto: the log's signature, at least
// k valid cosignatures (server/ledger/verify-cosigned-checkpoint.ts), then each proof against that
// checkpoint — the same verifiers as `npm run -s dajie -- proof verify` and `proof verify-tlog`.
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { Button, ErrorBox } from "@/app/_components/ui";
import { formatterFor } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import type { CheckpointVerdict } from "@/server/ledger/verify-cosigned-checkpoint";
import type { EntryVerdict } from "@/server/ledger/verify-entry-proof";
import { Term } from "./credits";

type Proofs = inferRouterOutputs<AppRouter>["me"]["proofs"];
type Checked = { proofs: Proofs; checkpoint: CheckpointVerdict | null; verdicts: EntryVerdict[] };

export function VerifyCredit({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const t = useTranslations("verify");
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error: unknown; checked: Checked | null }>({ busy: false, error: null, checked: null });

  async function verify() {
    setState({ busy: true, error: null, checked: null });
    try {
      // Always fresh from the server: a verification must not reuse an earlier answer. The verifiers
      // (signed notes, Merkle proofs) load on the first click, not with the page (npm run bench:js).
      const [proofs, { verifyCosignedCheckpoint }, { verifyEntryProof }] = await Promise.all([
        queryClient.fetchQuery({ ...trpc.me.proofs.queryOptions({ memberId }), staleTime: 0 }),
        import("@/server/ledger/verify-cosigned-checkpoint"),
        import("@/server/ledger/verify-entry-proof"),
      ]);
      const cp = proofs.checkpoint;
      // First the checkpoint (who signed it, who vouched for it), then the proofs against it.
      const checkpoint = cp ? await verifyCosignedCheckpoint(cp.note, proofs.policy, cp) : null;
      const verdicts = cp ? await Promise.all(proofs.entries.map((e) => verifyEntryProof(e, cp))) : [];
      setState({ busy: false, error: null, checked: { proofs, checkpoint, verdicts } });
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
      {checked ? <Result checked={checked} memberId={memberId} /> : null}
    </div>
  );
}

function Result({ checked, memberId }: { checked: Checked; memberId: string }) {
  const { proofs, verdicts, checkpoint: cpVerdict } = checked;
  const t = useTranslations("verify");
  const tp = useTranslations("plainPages.me");
  const f = formatterFor(useLocale());
  // The proof lines exactly as checked here (leaf hash recomputed, published checkpoint), as a file.
  const download = useMemo(() => {
    const lines = verdicts.map((v) => v.proofLine).filter((l): l is string => l !== null);
    return URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "application/x-ndjson" }));
  }, [verdicts]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);
  const cp = proofs.checkpoint;
  if (!cp || !cpVerdict || proofs.entries.length === 0) {
    return (
      <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-4 text-sm">
        {t("nothing")}
      </p>
    );
  }
  const failed = verdicts.map((v, k) => ({ v, e: proofs.entries[k]! })).filter((x) => !x.v.verified);
  const fileBase = `dajie-proofs-${proofs.account.replace(/[^A-Za-z0-9-]/g, "_")}`;
  const vouched = cpVerdict.witnesses === 0 ? t("vouchedNoWitnesses") : cpVerdict.cosigners.length === 0 ? t("vouchedNone", { total: cpVerdict.witnesses }) : t("vouched", { count: cpVerdict.cosigners.length, total: cpVerdict.witnesses, names: cpVerdict.cosigners.join(", ") });
  return (
    <div className="space-y-4" data-testid="verification">
      {!cpVerdict.ok ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="verification-result">
          <p className="font-semibold">{t("checkpointNotVerified", { why: t(`problem.${cpVerdict.problem}`, { witness: cpVerdict.witness ?? "", count: cpVerdict.cosigners.length, total: cpVerdict.witnesses, quorum: cpVerdict.quorum }) })}</p>
          <p className="mt-1 break-all text-xs" data-testid="verification-detail">
            {t("technical", { detail: cpVerdict.detail })}
          </p>
          <p className="mt-1">{t("tellAdmin")}</p>
        </div>
      ) : failed.length === 0 ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900" data-testid="verification-result">
          <p className="font-semibold">{t("verified", { count: verdicts.length })}</p>
          <p className="mt-1" data-testid="vouched">
            {vouched}
          </p>
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
      {proofs.pending > 0 ? (
        <p className="text-sm text-slate-700" data-testid="pending">
          {t("pending", { count: proofs.pending })}
        </p>
      ) : null}
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="checkpoint">
        <dt className="font-medium">{t("checkpoint")}</dt>
        <dd>{t("checkpointText", { entries: f.count(cp.treeSize), date: f.dateTime(cp.createdAt) })}</dd>
        <dt className="font-medium">{t("root")}</dt>
        <dd className="break-all font-mono text-xs" data-testid="checkpoint-root">
          {cp.root}
        </dd>
        <dt className="font-medium">{t("logKey")}</dt>
        <dd className="break-all font-mono text-xs" data-testid="log-key">
          {proofs.policy.logKey}
        </dd>
        <dt className="font-medium">{t("witnesses")}</dt>
        <dd data-testid="witnesses">
          {proofs.policy.witnesses.length === 0 ? (
            t("noWitnesses")
          ) : (
            <ul>
              {proofs.policy.witnesses.map((w) => (
                <li key={w.name}>
                  {w.name} <span className="break-all font-mono text-xs text-slate-600">{w.verifierKey}</span>
                </li>
              ))}
            </ul>
          )}
          {proofs.policy.witnesses.length > 0 ? <span>{t("quorum", { quorum: proofs.policy.quorum, total: proofs.policy.witnesses.length })}</span> : null}
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
              <th scope="col" className="px-3 py-2">{t("columnProofFile")}</th>
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
                  <td className="whitespace-nowrap px-3 py-1.5">
                    {/* The file's name as the link text: it names the entry for screen readers too, with no hidden text to misplace the click target. */}
                    <a href={`/me/tlog-proof?memberId=${encodeURIComponent(memberId)}&seq=${e.seq}`} download>
                      {t("proofFileName", { seq: e.seq })}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-700" data-testid="verify-proves">
        {tp("verifyProves")}
      </p>
      <p className="text-sm">
        <a href={download} download={`${fileBase}.jsonl`}>
          {t("download")}
        </a>
      </p>
      <p className="text-sm text-slate-700">{tp.rich("experts", { link: (chunks) => <Link href={`/c/${proofs.community.slug}/ledger#experts`}>{chunks}</Link> })}</p>
    </div>
  );
}
