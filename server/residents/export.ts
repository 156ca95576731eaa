// A resident's own data, to take away (GDPR art. 15 and 20): member record with personal data and
// the statement e-mail setting, device tokens (metadata, never the hash), metering points, every
// reading, per-period results of final runs and the entries of their PC account. JSON (one document)
// or CSV (one table per file; cells neutralised against formulas; tokens and setting in JSON only).
import type { Tx } from "@/server/db/client";
import { toCsv } from "@/server/csv/write-csv";
import { toHex } from "@/server/ledger/hex";
import { figuresToStrings } from "@/server/settlement/member-figures";
import { dateToIso } from "@/server/shared/validation";
import type { OwnMember } from "./own-member";

export const EXPORT_TABLES = ["member", "metering-points", "readings", "runs", "ledger"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];


function currentMandate(mandates: readonly { reference: string; scheme: "CORE" | "B2B"; signedOn: Date; revokedAt: Date | null }[]) {
  const c = mandates.find((x) => x.revokedAt === null);
  return { mandateReference: c?.reference ?? null, mandateSignedOn: c ? dateToIso(c.signedOn) : null, mandateScheme: c?.scheme ?? null };
}

export async function myExport(db: Tx, member: OwnMember) {
  const [m, points, runs, entries, devices] = await Promise.all([
    db.member.findUniqueOrThrow({ where: { id: member.id }, include: { personal: true, bankAccount: true, mandates: { orderBy: { validFrom: "desc" } } } }),
    db.meteringPoint.findMany({ where: { memberId: member.id, communityId: member.communityId }, orderBy: [{ code: "asc" }, { validFrom: "asc" }] }),
    db.settlementRunMember.findMany({ where: { memberId: member.id, run: { communityId: member.communityId } }, include: { run: { select: { periodStart: true, periodEnd: true, version: true, createdAt: true } } } }),
    db.ledgerEntry.findMany({ where: { communityId: member.communityId, account: `PC:${member.pseudonym}` }, orderBy: { seq: "asc" }, include: { run: { select: { periodStart: true, periodEnd: true } } } }),
    // Device tokens' metadata only: never the hash (nor, as it is not stored, the token).
    db.deviceToken.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "asc" }, select: { name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } }),
  ]);
  // The meter's readings within each own point's validity (a meter may have been someone else's; ADR 0009).
  const tz = member.community.timeZone;
  const readings = await db.$queryRaw<{ pointId: string; intervalStart: Date; intervalSeconds: number; energyMWh: bigint; quality: string }[]>`
    SELECT mp.id::text AS "pointId", r.interval_start AS "intervalStart", r.interval_seconds AS "intervalSeconds", r.energy_mwh AS "energyMWh", r.quality::text AS quality
    FROM metering_point mp JOIN reading r ON r.metering_point_id = mp.meter_id AND r.interval_start >= mp.valid_from::timestamp AT TIME ZONE ${tz}
      AND (mp.valid_to IS NULL OR r.interval_start < mp.valid_to::timestamp AT TIME ZONE ${tz})
    WHERE mp.id = ANY(${points.map((p) => p.id)}::uuid[])
    ORDER BY mp.id, r.interval_start`;
  const code = new Map(points.map((p) => [p.id, p]));
  return {
    format: "dajie-resident-export/1",
    member: {
      pseudonym: m.pseudonym,
      reference: m.reference,
      kind: m.kind,
      joinedOn: dateToIso(m.joinedOn),
      leftOn: m.leftOn ? dateToIso(m.leftOn) : null,
      community: { name: member.community.name, slug: member.community.slug, timeZone: member.community.timeZone },
      personal: m.personal ? { name: m.personal.name, email: m.personal.email, address: m.personal.address } : null,
      memberType: m.memberType,
      vatId: m.vatId,
      vatStatus: m.vatStatus,
      // Their own bank account and current mandate, in full: it is their data (the page shows it masked).
      bankAccount: m.bankAccount ? { accountHolder: m.bankAccount.accountHolder, iban: m.bankAccount.iban, bic: m.bankAccount.bic, ...currentMandate(m.mandates) } : null,
      mandates: m.mandates.map((x) => ({ reference: x.reference, scheme: x.scheme, signedOn: dateToIso(x.signedOn), validFrom: x.validFrom.toISOString(), revokedAt: x.revokedAt?.toISOString() ?? null })),
      // "Your statement is ready" e-mails: on in this language, or off (null).
      statementEmails: m.statementMailLocale ? { enabled: true, language: m.statementMailLocale } : { enabled: false, language: null },
    },
    deviceTokens: devices.map((d) => ({
      name: d.name,
      prefix: d.prefix,
      createdAt: d.createdAt.toISOString(),
      lastUsedAt: d.lastUsedAt?.toISOString() ?? null,
      revokedAt: d.revokedAt?.toISOString() ?? null,
    })),
    meteringPoints: points.map((p) => ({ code: p.code, direction: p.direction, capacityKw: p.capacityKw.toFixed(3), validFrom: dateToIso(p.validFrom), validTo: p.validTo ? dateToIso(p.validTo) : null })),
    readings: readings.map((r) => ({
      meteringPoint: code.get(r.pointId)!.code,
      direction: code.get(r.pointId)!.direction,
      intervalStart: r.intervalStart.toISOString(),
      intervalSeconds: r.intervalSeconds,
      energyMWh: r.energyMWh.toString(),
      quality: r.quality,
    })),
    runs: runs
      .map((r) => ({
        runId: r.runId,
        periodStart: dateToIso(r.run.periodStart),
        periodEnd: dateToIso(r.run.periodEnd),
        version: r.run.version,
        finalizedAt: r.run.createdAt.toISOString(),
        ...figuresToStrings(r),
      }))
      .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : a.version - b.version)),
    ledgerEntries: entries.map((e) => ({
      seq: e.seq.toString(),
      runId: e.runId,
      periodStart: dateToIso(e.run.periodStart),
      periodEnd: dateToIso(e.run.periodEnd),
      kind: e.kind,
      account: e.account,
      amountCents: e.amountCents.toString(),
      energyMWh: e.energyMWh.toString(),
      reversesSeq: e.reversesSeq?.toString() ?? null,
      prevHash: toHex(new Uint8Array(e.prevHash)),
      hash: toHex(new Uint8Array(e.hash)),
    })),
  };
}

export type ResidentExport = Awaited<ReturnType<typeof myExport>>;

/** One table of the export as CSV. */
export function exportCsv(data: ResidentExport, table: ExportTable): string {
  switch (table) {
    case "member": {
      const m = data.member;
      return toCsv(
        ["pseudonym", "reference", "kind", "joined_on", "left_on", "community", "name", "email", "address"],
        [[m.pseudonym, m.reference, m.kind, m.joinedOn, m.leftOn, m.community.name, m.personal?.name, m.personal?.email, m.personal?.address]],
      );
    }
    case "metering-points":
      return toCsv(["code", "direction", "capacity_kw", "valid_from", "valid_to"], data.meteringPoints.map((p) => [p.code, p.direction, p.capacityKw, p.validFrom, p.validTo]));
    case "readings":
      return toCsv(["metering_point", "direction", "interval_start_utc", "interval_seconds", "energy_mwh", "quality"], data.readings.map((r) => [r.meteringPoint, r.direction, r.intervalStart, r.intervalSeconds, r.energyMWh, r.quality]));
    case "runs":
      return toCsv(
        ["run_id", "period_start", "period_end", "version", "finalized_at", "consumption_mwh", "allocated_mwh", "injection_mwh", "delivered_mwh", "surplus_mwh", "debit_cents", "credit_cents", "pc_cents"],
        data.runs.map((r) => [r.runId, r.periodStart, r.periodEnd, r.version, r.finalizedAt, r.consumptionMWh, r.allocatedMWh, r.injectionMWh, r.deliveredMWh, r.surplusMWh, r.debitCents, r.creditCents, r.pcCents]),
      );
    case "ledger":
      return toCsv(
        ["seq", "run_id", "period_start", "period_end", "kind", "account", "amount_cents", "energy_mwh", "reverses_seq", "prev_hash", "hash"],
        data.ledgerEntries.map((e) => [e.seq, e.runId, e.periodStart, e.periodEnd, e.kind, e.account, e.amountCents, e.energyMWh, e.reversesSeq, e.prevHash, e.hash]),
      );
  }
}
