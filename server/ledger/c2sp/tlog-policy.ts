// Export of a log's witnessing policy in the c2sp tlog-policy format: the log, its witnesses and a
// k-of-n quorum (`quorum none` for k = 0, the witness itself for 1 of 1, else one group). Pure.

export interface PolicyWitness {
  /** A policy name: no whitespace, not "none". */
  name: string;
  /** cosignature/v1 verifier key (type 0x04). */
  vkey: string;
  /** The witness's submission prefix (its add-checkpoint URL without "/add-checkpoint"). */
  url?: string;
}

export const POLICY_NAME = /^[^\s#]+$/;

export function formatTlogPolicy(p: { log: { vkey: string; url?: string }; witnesses: readonly PolicyWitness[]; quorum: number }): string {
  const n = p.witnesses.length;
  if (!Number.isInteger(p.quorum) || p.quorum < 0 || p.quorum > n) throw new RangeError(`a quorum of ${p.quorum} is not between 0 and ${n}`);
  for (const w of p.witnesses) if (!POLICY_NAME.test(w.name) || w.name === "none" || w.name === "witnesses") throw new RangeError(`"${w.name}" cannot name a witness in a policy`);
  const line = (...items: (string | undefined)[]) => items.filter((x): x is string => !!x).join(" ");
  const lines = [line("log", p.log.vkey, p.log.url), "", ...p.witnesses.map((w) => line("witness", w.name, w.vkey, w.url))];
  if (p.quorum === 0) lines.push("quorum none");
  else if (n === 1) lines.push(`quorum ${p.witnesses[0]!.name}`);
  else lines.push(line("group witnesses", p.quorum === n ? "all" : String(p.quorum), ...p.witnesses.map((w) => w.name)), "quorum witnesses");
  return `${lines.join("\n")}\n`;
}
