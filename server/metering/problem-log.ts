// Collects problems with a cap, so a 1 GB file full of bad lines still uses bounded memory:
// the first `limit` problems are kept verbatim, the rest are only counted per code.
import type { Problem, ProblemCode, ProblemSink } from "./types";

export interface ProblemLog extends ProblemSink {
  /** The first `limit` problems, in the order they were found. */
  readonly problems: Problem[];
  /** Every problem counted, including those past the cap. */
  readonly counts: Map<ProblemCode, number>;
  readonly total: number;
  readonly omitted: number;
}

export function createProblemLog(limit = 1000): ProblemLog {
  const problems: Problem[] = [];
  const counts = new Map<ProblemCode, number>();
  let total = 0;
  return {
    problems,
    counts,
    get total() {
      return total;
    },
    get omitted() {
      return total - problems.length;
    },
    add(problem) {
      total += 1;
      counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1);
      if (problems.length < limit) problems.push(problem);
    },
  };
}
