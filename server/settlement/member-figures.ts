// A member's results of one settlement run: the one definition shared by the run (settlement_run_member),
// the console's run views, the resident's credits and statement, and the resident's export. Pure.

/** Energy in mWh, money in cents; in this order (the resident's export keeps it). */
export const MEMBER_FIGURES = ["consumptionMWh", "allocatedMWh", "injectionMWh", "deliveredMWh", "surplusMWh", "debitCents", "creditCents", "pcCents"] as const;
export type MemberFigure = (typeof MEMBER_FIGURES)[number];

/** Exact integers (bigint) in the engine and the database; decimal strings in DTOs (JSON has no bigint). */
export type MemberFigures<T extends bigint | string = bigint> = Record<MemberFigure, T>;

/** The figures of a row that has them (and maybe more), as decimal strings. */
export function figuresToStrings(f: MemberFigures): MemberFigures<string> {
  return Object.fromEntries(MEMBER_FIGURES.map((k) => [k, f[k].toString()])) as MemberFigures<string>;
}

/** Only the figures of a row that has more (a database row, a member result). */
export function pickFigures(f: MemberFigures): MemberFigures {
  return Object.fromEntries(MEMBER_FIGURES.map((k) => [k, f[k]])) as MemberFigures;
}
