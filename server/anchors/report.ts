// One line per checked receipt, as `anchor verify` and `verify-export` print them.
import type { AnchorCheck } from "./anchors";

const SINK_NAMES = { tsa: "timestamp authority", evm: "EVM chain", feed: "signed feed" } as const;

export function checkLine(c: AnchorCheck): string {
  const head = `checkpoint ${c.treeSize} · ${SINK_NAMES[c.sink]}`;
  if (c.check.ok === true) return `${head}: OK — ${c.check.detail}`;
  if (c.check.ok === false) return `${head}: FAILED — ${c.check.problem}`;
  return `${head}: NOT CHECKED — ${c.check.problem}`;
}

export function summarize(checks: readonly AnchorCheck[]) {
  return {
    ok: checks.filter((c) => c.check.ok === true).length,
    failed: checks.filter((c) => c.check.ok === false).length,
    unchecked: checks.filter((c) => c.check.ok === null).length,
  };
}
