// The community ledger's entries as people work with them: a search (an account, a member's reference
// or an entry's number), filters by account and kind, sort by number, amount or energy — and the same
// list as a file, every entry in the list's order, with the member's reference beside a PC account
// (a reference is the community's own contract number: no personal data) and amounts exact in euros.
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ENTRY_KINDS } from "./entry-line";
import { listFile, type ListFile, type ListFormat } from "@/server/members/member-list";
import { centsToEur } from "@/server/settlement/run-list";
import { text } from "@/server/shared/text";
import { dateToIso } from "@/server/shared/validation";

export const ledgerListQuery = z.object({
  /** Part of an account ("FUND", "PC:M-…") or of a member's reference, any case; or an entry's number. */
  search: text().trim().max(80).optional(),
  account: text().trim().max(80).optional(),
  kind: z.enum(ENTRY_KINDS).optional(),
  sort: z.enum(["seq", "amount", "energy"]).default("seq"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});
export type LedgerListQuery = z.input<typeof ledgerListQuery>;

/** The query's rows: every clause filtered by the community first. */
export async function ledgerWhere(db: Tx, communityId: string, query: LedgerListQuery): Promise<Prisma.LedgerEntryWhereInput> {
  const q = ledgerListQuery.parse(query);
  const and: Prisma.LedgerEntryWhereInput[] = [];
  if (q.account) and.push({ account: q.account });
  if (q.kind) and.push({ kind: q.kind });
  if (q.search) {
    const byReference = await db.member.findMany({ where: { communityId, reference: { contains: q.search, mode: "insensitive" } }, select: { pseudonym: true } });
    and.push({
      OR: [
        { account: { contains: q.search, mode: "insensitive" } },
        ...(byReference.length ? [{ account: { in: byReference.map((m) => `PC:${m.pseudonym}`) } }] : []),
        ...(/^#?\d{1,18}$/.test(q.search) ? [{ seq: BigInt(q.search.replace("#", "")) }] : []),
      ],
    });
  }
  return { communityId, ...(and.length ? { AND: and } : {}) };
}

/** The list's order; ties by entry number, newest first, so pages never overlap. */
export function ledgerOrder(query: LedgerListQuery): Prisma.LedgerEntryOrderByWithRelationInput[] {
  const q = ledgerListQuery.parse(query);
  if (q.sort === "seq") return [{ seq: q.dir }];
  return [q.sort === "amount" ? { amountCents: q.dir } : { energyMWh: q.dir }, { seq: "desc" }];
}

/** A spreadsheet has about a million rows; a ledger past this is exported with `dajie` or the public export. */
export const MAX_LEDGER_EXPORT = 200_000;

/** Milliwatt-hours as an exact decimal of kWh: 7200000 → "7.200000". */
export function mWhToKWh(mWh: bigint): string {
  const abs = mWh < 0n ? -mWh : mWh;
  return `${mWh < 0n ? "-" : ""}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}

export async function exportLedgerEntries(db: Tx, communityId: string, query: LedgerListQuery, format: ListFormat): Promise<ListFile> {
  const where = await ledgerWhere(db, communityId, query);
  const count = await db.ledgerEntry.count({ where });
  if (count > MAX_LEDGER_EXPORT) throw new AppError("BAD_REQUEST", `The ledger has ${count} entries; choose one account, or use the public ledger export.`, [{ where: "account", message: `At most ${MAX_LEDGER_EXPORT} entries per file.` }]);
  const [rows, members] = await Promise.all([
    db.ledgerEntry.findMany({
      where,
      orderBy: ledgerOrder(query),
      select: { seq: true, kind: true, account: true, amountCents: true, energyMWh: true, reversesSeq: true, hash: true, run: { select: { periodStart: true, periodEnd: true, version: true } } },
    }),
    db.member.findMany({ where: { communityId }, select: { pseudonym: true, reference: true } }),
  ]);
  const reference = new Map(members.map((m) => [`PC:${m.pseudonym}`, m.reference]));
  const header = ["seq", "period_start", "period_end", "run_version", "kind", "account", "member_reference", "amount_eur", "energy_kwh", "reverses_seq", "hash"];
  const data = rows.map((e) => [e.seq, dateToIso(e.run.periodStart), dateToIso(e.run.periodEnd), e.run.version, e.kind, e.account, reference.get(e.account) ?? null, centsToEur(e.amountCents.toString()), mWhToKWh(e.energyMWh), e.reversesSeq, Buffer.from(e.hash).toString("hex")]);
  return listFile(format, "ledger-entries", "Ledger entries", header, data);
}
