// Reading the ledger: entries and balances of a community, of one account, of one member. Every
// query is filtered by the community the caller's scope names.
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { ledgerOrder, ledgerWhere, type LedgerListQuery } from "./entry-list";
import { dateToIso } from "@/server/shared/validation";

export interface LedgerEntryDto {
  seq: string;
  runId: string;
  periodStart: string;
  periodEnd: string;
  runVersion: number;
  kind: string;
  account: string;
  amountCents: string;
  energyMWh: string;
  reversesSeq: string | null;
  hash: string;
  prevHash: string;
  createdAt: string;
}

export interface AccountBalance {
  account: string;
  balanceCents: string;
  entries: number;
}


type Row = {
  seq: bigint;
  runId: string;
  kind: string;
  account: string;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  hash: Uint8Array;
  prevHash: Uint8Array;
  createdAt: Date;
  run: { periodStart: Date; periodEnd: Date; version: number };
};

function toDto(e: Row): LedgerEntryDto {
  return {
    seq: e.seq.toString(),
    runId: e.runId,
    periodStart: dateToIso(e.run.periodStart),
    periodEnd: dateToIso(e.run.periodEnd),
    runVersion: e.run.version,
    kind: e.kind,
    account: e.account,
    amountCents: e.amountCents.toString(),
    energyMWh: e.energyMWh.toString(),
    reversesSeq: e.reversesSeq?.toString() ?? null,
    hash: Buffer.from(e.hash).toString("hex"),
    prevHash: Buffer.from(e.prevHash).toString("hex"),
    createdAt: e.createdAt.toISOString(),
  };
}

const select = {
  seq: true,
  runId: true,
  kind: true,
  account: true,
  amountCents: true,
  energyMWh: true,
  reversesSeq: true,
  hash: true,
  prevHash: true,
  createdAt: true,
  run: { select: { periodStart: true, periodEnd: true, version: true } },
} as const;

export interface LedgerPage {
  entries: LedgerEntryDto[];
  /** Where this page starts in the list (0 = first). */
  offset: number;
  /** How many entries the list has under its filters. */
  total: number;
}

/** One page of the list under its search, filters and sort (entry-list.ts; the download reads the same). */
export async function communityLedger(db: Tx, communityId: string, opts: LedgerListQuery & { offset?: number; limit?: number } = {}): Promise<LedgerPage> {
  const { offset = 0, limit: wanted = 100, ...query } = opts;
  const limit = Math.min(wanted, 500);
  const where = await ledgerWhere(db, communityId, query);
  const [rows, total] = await Promise.all([db.ledgerEntry.findMany({ where, orderBy: ledgerOrder(query), skip: offset, take: limit, select }), db.ledgerEntry.count({ where })]);
  return { entries: rows.map(toDto), offset, total };
}

/** Balance per account, accounts in code-point order. Each run sums to zero, so these do too. */
export async function accountBalances(db: Tx, communityId: string): Promise<AccountBalance[]> {
  const rows = await db.ledgerEntry.groupBy({
    by: ["account"],
    where: { communityId },
    _sum: { amountCents: true },
    _count: { _all: true },
    orderBy: { account: "asc" },
  });
  return rows.map((r) => ({ account: r.account, balanceCents: (r._sum.amountCents ?? 0n).toString(), entries: r._count._all }));
}

export interface MemberLedger {
  memberId: string;
  pseudonym: string;
  reference: string;
  account: string;
  balanceCents: string;
  entries: (LedgerEntryDto & { balanceAfterCents: string })[];
}

/** A member's PC account, oldest first, with the running balance. */
export async function memberLedger(db: Tx, communityId: string, memberId: string): Promise<MemberLedger> {
  const member = await db.member.findFirst({ where: { id: memberId, communityId }, select: { id: true, pseudonym: true, reference: true } });
  if (!member) throw notFound("Member");
  const account = `PC:${member.pseudonym}`;
  const rows = await db.ledgerEntry.findMany({ where: { communityId, account }, orderBy: { seq: "asc" }, select });
  let balance = 0n;
  const entries = rows.map((r) => {
    balance += r.amountCents;
    return { ...toDto(r), balanceAfterCents: balance.toString() };
  });
  return { memberId: member.id, pseudonym: member.pseudonym, reference: member.reference, account, balanceCents: balance.toString(), entries };
}
