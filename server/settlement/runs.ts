// Kept for importers written before the split (server/api/routers/settlement.ts): the computation is
// run-computation.ts (pure), the transaction finalize-run.ts. New code imports those directly.
export { finalizeRun, previewRun as computeRun, type FinalizeOptions, type FinalizeOutcome, type Finalizer } from "./finalize-run";
export type { Computation, GapRow, MemberResult, RunTotals } from "./run-computation";
