// The community ledger's entries as a file: the console's Entries list under its filter (one account
// or all), every entry, newest first as on screen, with the member's reference beside a PC account
// (a reference is the community's own contract number: no personal data) and amounts exact in euros.
import { z } from "zod";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { listFile, type ListFile, type ListFormat } from "@/server/members/member-list";
import { centsToEur } from "@/server/settlement/run-list";
import { text } from "@/server/shared/text";
import { dateToIso } from "@/server/shared/validation";

export const ledgerListQuery = z.object({ account: text().trim().max(80).optional() });
export type LedgerListQuery = z.input<typeof ledgerListQuery>;

/** A spreadsheet has about a million rows; a ledger past this is exported with `dajie` or the public export. */
export const MAX_LEDGER_EXPORT = 200_000;

/** Milliwatt-hours as an exact decimal of kWh: 7200000 → "7.200000". */
export function mWhToKWh(mWh: bigint): string {
  const abs = mWh < 0n ? -mWh : mWh;
  return `${mWh < 0n ? "-" : ""}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}

export async function exportLedgerEntries(db: Tx, communityId: string, query: LedgerListQuery, format: ListFormat): Promise<ListFile> {
  const q = ledgerListQuery.parse(query);
  const where = { communityId, ...(q.account ? { account: q.account } : {}) };
  const count = await db.ledgerEntry.count({ where });
  if (count > MAX_LEDGER_EXPORT) throw new AppError("BAD_REQUEST", `The ledger has ${count} entries; choose one account, or use the public ledger export.`, [{ where: "account", message: `At most ${MAX_LEDGER_EXPORT} entries per file.` }]);
  const [rows, members] = await Promise.all([
    db.ledgerEntry.findMany({
      where,
      orderBy: { seq: "desc" },
      select: { seq: true, kind: true, account: true, amountCents: true, energyMWh: true, reversesSeq: true, hash: true, run: { select: { periodStart: true, periodEnd: true, version: true } } },
    }),
    db.member.findMany({ where: { communityId }, select: { pseudonym: true, reference: true } }),
  ]);
  const reference = new Map(members.map((m) => [`PC:${m.pseudonym}`, m.reference]));
  const header = ["seq", "period_start", "period_end", "run_version", "kind", "account", "member_reference", "amount_eur", "energy_kwh", "reverses_seq", "hash"];
  const data = rows.map((e) => [e.seq, dateToIso(e.run.periodStart), dateToIso(e.run.periodEnd), e.run.version, e.kind, e.account, reference.get(e.account) ?? null, centsToEur(e.amountCents.toString()), mWhToKWh(e.energyMWh), e.reversesSeq, Buffer.from(e.hash).toString("hex")]);
  return listFile(format, "ledger-entries", "Ledger entries", header, data);
}
