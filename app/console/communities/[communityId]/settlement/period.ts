// A period chosen on the settlement page: from the table of recent periods (with its state) or a custom range.
import type { PeriodStatus } from "../settlement-parts";

export interface Period {
  start: string;
  end: string;
  /** Known when the period was chosen from the table of recent periods. */
  state?: PeriodStatus["state"];
}

export const samePeriod = (a: Period | null, b: Period) => a?.start === b.start && a.end === b.end;
