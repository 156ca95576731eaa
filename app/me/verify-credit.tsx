"use client";
// "Verify my credit": the browser fetches an inclusion proof for each entry of the resident's credit
// account and checks it itself, with WebCrypto, against the community's published checkpoint — the
// same verifier as `npm run -s dajie -- proof verify` (server/ledger/verify-proof.ts).
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Button, ErrorBox } from "@/app/_components/ui";
import { formatDateTime, formatEurFromCents, formatPeriod } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { verifyEntryProof, type EntryVerdict } from "@/server/ledger/verify-entry-proof";
import { Term } from "./credits";

type Proofs = inferRouterOutputs<AppRouter>["me"]["proofs"];
type Checked = { proofs: Proofs; verdicts: EntryVerdict[] };

export function VerifyCredit({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
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
        Your browser checks, on its own, that every entry of your credit account is in the community&apos;s ledger as published: it rebuilds each entry&apos;s bytes from the figures
        shown, hashes them and follows the{" "}
        <Term title="Merkle inclusion proof (RFC 6962): the hashes that connect your entry to the root of the whole ledger">proof</Term> to the{" "}
        <Term title="Checkpoint: the size and root hash of the whole ledger, published after each settlement">published checkpoint</Term>. Nothing the server says is taken on trust but that checkpoint.
      </p>
      <Button onClick={verify} busy={state.busy}>
        Verify my credit
      </Button>
      {state.error ? <ErrorBox {...errorDetails(state.error)} /> : null}
      {checked ? <Result checked={checked} /> : null}
    </div>
  );
}

function Result({ checked }: { checked: Checked }) {
  const { proofs, verdicts } = checked;
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
        Nothing to verify yet: your credit account has no entries in the ledger.
      </p>
    );
  }
  const failed = verdicts.map((v, k) => ({ v, e: proofs.entries[k]! })).filter((x) => !x.v.verified);
  return (
    <div className="space-y-4" data-testid="verification">
      {failed.length === 0 ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900" data-testid="verification-result">
          <p className="font-semibold">Verified: all {verdicts.length} entries of your credit account are in the published ledger.</p>
        </div>
      ) : (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="verification-result">
          <p className="font-semibold">
            Not verified: {failed.length} of {verdicts.length} entries could not be verified. First: entry #{failed[0]!.e.seq}: {failed[0]!.v.verified ? "" : failed[0]!.v.why}
          </p>
          <p className="mt-1">Please tell the community&apos;s administrator; download the proofs below to show what you received.</p>
        </div>
      )}
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="checkpoint">
        <dt className="font-medium">Checkpoint</dt>
        <dd>
          {Number(cp.treeSize).toLocaleString()} entries in the ledger, published {formatDateTime(cp.createdAt)}
        </dd>
        <dt className="font-medium">Root</dt>
        <dd className="break-all font-mono text-xs" data-testid="checkpoint-root">
          {cp.root}
        </dd>
        <dd className="sm:col-span-2">
          Compare it with the root published on <Link href={`/c/${proofs.community.slug}`}>{proofs.community.name}&apos;s public page</Link>.
        </dd>
      </dl>
      <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label="Verification of each entry (scrollable table)">
        <table className="w-full text-left text-sm" data-testid="verified-entries">
          <caption className="sr-only">Each entry of your credit account and whether its proof verified</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-right">Entry</th>
              <th scope="col" className="px-3 py-2">Period</th>
              <th scope="col" className="px-3 py-2 text-right">Amount</th>
              <th scope="col" className="px-3 py-2">Result</th>
            </tr>
          </thead>
          <tbody>
            {proofs.entries.map((e, k) => {
              const v = verdicts[k]!;
              return (
                <tr key={e.seq} className="border-t border-slate-200">
                  <td className="px-3 py-1.5 text-right tabular-nums">#{e.seq}</td>
                  <td className="whitespace-nowrap px-3 py-1.5">{formatPeriod(e.periodStart, e.periodEnd)}</td>
                  <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">{formatEurFromCents(e.amountCents, undefined, { signed: true })}</td>
                  <td className={`px-3 py-1.5 ${v.verified ? "text-green-800" : "text-red-800"}`}>{v.verified ? "✓ verified" : `✗ not verified: ${v.why}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-sm">
        <a href={download} download={`dajie-proofs-${proofs.account.replace(/[^A-Za-z0-9-]/g, "_")}.jsonl`}>
          Download the proofs (JSON lines)
        </a>{" "}
        and check them yourself: <code className="rounded bg-slate-100 px-1">npm run -s dajie -- proof verify &lt; {`dajie-proofs-${proofs.account.replace(/[^A-Za-z0-9-]/g, "_")}.jsonl`}</code>
      </p>
    </div>
  );
}
