// The demo data set: one municipality with a community of 40 members (producers, consumers and
// prosumers) and three weeks of 15-minute readings, an ESCO serving it, two witnesses of its ledger
// (server/demo/demo-witnesses.ts), a second municipality, and a login for every kind of user. Idempotent: does nothing when the demo community exists.
import { randomUUID } from "node:crypto";
import type { MemberKind, OrgRole } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { newPseudonym } from "@/server/members/pseudonym";
import { settleDuePeriods } from "@/server/settlement/scheduler";
import { attemptAnchor, ensureAnchors } from "@/server/anchors/anchors";
import { anchorSetup, feedKeyFromEnv } from "@/server/anchors/sinks";
import { witnessDemoLog } from "./demo-witnesses";
import { synthesize } from "./synthetic-readings";
import { italianIban, makeCreditorId } from "@/server/billing/iban";
import { DAY_MS } from "@/server/shared/iso-date";
import { addDays, localDate, localMidnightUtc, periodContaining, periodUtc } from "@/server/settlement/periods";

export const DEMO_PASSWORD = "dajie-demo-2026";
export const DEMO_SLUG = "solaria";
export const DEMO_DAYS = 21;

export const DEMO_ACCOUNTS = [
  { email: "admin@dajie.example", name: "Platform Admin", what: "platform administrator (creates organizations)" },
  { email: "admin@solaria.example", name: "Giulia Sindaco", what: "administrator, Comune di Solaria (owns the demo community)" },
  { email: "operator@solaria.example", name: "Marco Ufficio", what: "operator, Comune di Solaria" },
  { email: "operator@helios.example", name: "Elena Helios", what: "operator, Helios Energy Services (ESCO serving Solaria)" },
  { email: "resident@solaria.example", name: "Anna Rossi", what: "resident, member SOL-001 (prosumer)" },
  { email: "neighbour@solaria.example", name: "Bruno Bianchi", what: "resident, member SOL-021 (consumer)" },
  { email: "admin@sonnenfeld.example", name: "Klaus Sonnenfeld", what: "administrator, Gemeinde Sonnenfeld (another municipality)" },
  { email: "resident@mercato.example", name: "Chiara Neri", what: "resident, member BM-08 of Borgo Mercato (consumer, market rule)" },
] as const;

type DemoEmail = (typeof DEMO_ACCOUNTS)[number]["email"];

const FIRST = ["Anna", "Bruno", "Carla", "Davide", "Elisa", "Fabio", "Gaia", "Luca", "Marta", "Nicola", "Olga", "Paolo", "Rita", "Sara", "Tommaso", "Ugo", "Vera", "Zeno", "Irene", "Enzo"];
const LAST = ["Rossi", "Bianchi", "Verdi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino"];

/** Members 1–12 prosumers, 13–20 producers, 21–40 consumers. */
function kindOf(n: number): MemberKind {
  return n <= 12 ? "PROSUMER" : n <= 20 ? "PRODUCER" : "CONSUMER";
}

export interface SeedResult {
  seeded: boolean;
  readings: number;
  /** Final settlement runs written for the weeks that closed. */
  runs: number;
}

export async function seedDemo(db: Db, opts: { hashPassword: (pw: string) => Promise<string>; today?: Date }): Promise<SeedResult> {
  if (await db.community.findUnique({ where: { slug: DEMO_SLUG } })) return { seeded: false, readings: 0, runs: 0 };

  const hash = await opts.hashPassword(DEMO_PASSWORD);
  const users = new Map<DemoEmail, string>();
  for (const a of DEMO_ACCOUNTS) {
    const id = randomUUID();
    await db.user.create({ data: { id, email: a.email, name: a.name, emailVerified: true, platformAdmin: a.email === "admin@dajie.example" } });
    await db.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
    users.set(a.email, id);
  }
  const user = (email: DemoEmail) => users.get(email)!;
  const org = async (name: string, kind: "MUNICIPALITY" | "ESCO", people: [DemoEmail, OrgRole][]) => {
    const o = await db.organization.create({ data: { name, kind } });
    for (const [email, role] of people) await db.orgMembership.create({ data: { orgId: o.id, userId: user(email), role } });
    return o;
  };
  const solaria = await org("Comune di Solaria", "MUNICIPALITY", [
    ["admin@solaria.example", "ADMIN"],
    ["operator@solaria.example", "OPERATOR"],
  ]);
  const helios = await org("Helios Energy Services", "ESCO", [["operator@helios.example", "OPERATOR"]]);
  // Billing identities: Helios, the only ESCO serving Solaria, issues the members' invoices.
  await db.organization.update({
    where: { id: helios.id },
    data: { legalName: "Helios Energy Services S.r.l.", vatId: "IT01234567890", street: "Via dei Mille 5", postcode: "20121", city: "Milano", countryCode: "IT", billingEmail: "fatture@helios.example" },
  });
  await db.organization.update({
    where: { id: solaria.id },
    data: { legalName: "Comune di Solaria", vatId: "IT00123450789", street: "Piazza del Municipio 1", postcode: "00100", city: "Solaria", countryCode: "IT", billingEmail: "energia@solaria.example", publicPhone: "+39 0761 123 456" },
  });
  const sonnenfeld = await org("Gemeinde Sonnenfeld", "MUNICIPALITY", [["admin@sonnenfeld.example", "ADMIN"]]);
  // Bank identities for SEPA files: Helios collects the members' direct debits and pays out credits.
  await db.organizationBankAccount.create({ data: { orgId: helios.id, accountHolder: "Helios Energy Services S.r.l.", iban: italianIban("99999", "01600", "900000001"), bic: "HELIITM1XXX", creditorId: makeCreditorId("IT", "01234560157") } });
  await db.organizationBankAccount.create({ data: { orgId: solaria.id, accountHolder: "Comune di Solaria", iban: italianIban("99999", "01600", "900000002"), creditorId: makeCreditorId("IT", "80012340150") } });

  const community = await db.community.create({
    data: {
      municipalityId: solaria.id,
      name: "Solaria Energy Community",
      slug: DEMO_SLUG,
      timeZone: "Europe/Rome",
      intervalMinutes: 15,
      ruleKind: "DYNAMIC",
      ruleParams: {},
      priceEurPerKWh: "0.11000",
      privacyThreshold: 5,
      // Weekly periods with two days' grace, so that three weeks of demo data already hold two final runs.
      settlementPeriod: "WEEK",
      settlementGraceDays: 2,
      // Billing: 10 % VAT on shared energy charged, none on credits; the community keeps 2 % of the
      // credits paid out and 0.50 € per member and period.
      vatChargesPercent: "10",
      feeCreditsBp: 200,
      feeFixedCents: 50,
      escos: { create: { escoId: helios.id } },
      // The public join page (/c/solaria/join) is open, with the documents applicants accept.
      joinEnabled: true,
    },
  });
  await db.communityDocument.createMany({
    data: [
      { communityId: community.id, kind: "STATUTES", version: 1, title: "Statuto della Comunità Energetica Solaria", url: "https://solaria.example/cer/statuto.pdf", createdById: user("admin@solaria.example") },
      { communityId: community.id, kind: "PRIVACY", version: 1, title: "Informativa sul trattamento dei dati personali", url: "https://solaria.example/cer/privacy.html", createdById: user("admin@solaria.example") },
    ],
  });
  await db.community.create({
    data: { municipalityId: sonnenfeld.id, name: "Sonnenfeld Bürgerenergie", slug: "sonnenfeld", timeZone: "Europe/Vienna", intervalMinutes: 15, ruleKind: "STATIC", ruleParams: { shares: {} }, priceEurPerKWh: "0.09500", privacyThreshold: 5 },
  });

  // Readings cover the DEMO_DAYS whole UTC days before today.
  const today = opts.today ?? new Date();
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const start = new Date(end.getTime() - DEMO_DAYS * DAY_MS);
  const joinedOn = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  await db.$executeRaw`SELECT dajie_ensure_reading_partitions(${start}::timestamptz, ${end}::timestamptz)`;
  const batch = await db.importBatch.create({
    data: { communityId: community.id, fileName: "demo-synthetic-readings", fileSha256: "0".repeat(64), format: "synthetic", source: "DEMO", status: "COMPLETED" },
  });

  let readings = 0;
  for (let n = 1; n <= 40; n++) {
    const kind = kindOf(n);
    const reference = `SOL-${String(n).padStart(3, "0")}`;
    const name = `${FIRST[(n - 1) % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
    const resident = n === 1 ? user("resident@solaria.example") : n === 21 ? user("neighbour@solaria.example") : null;
    const member = await db.member.create({
      data: {
        communityId: community.id,
        pseudonym: newPseudonym(),
        reference,
        kind,
        joinedOn,
        userId: resident,
        personal: { create: { name: n === 1 ? "Anna Rossi" : n === 21 ? "Bruno Bianchi" : name, email: `${reference.toLowerCase()}@solaria.example`, address: `Via del Sole ${n}, Solaria` } },
      },
    });
    // Synthetic Italian IBANs (ABI 99999: no real bank), both checks right. Consumers 21–38 and
    // prosumers 1–10 gave a direct-debit mandate; 39 and 40 did not, so the SEPA report lists them.
    const mandate = (kind === "CONSUMER" && n <= 38) || (kind === "PROSUMER" && n <= 10);
    await db.memberBankAccount.create({
      data: {
        memberId: member.id,
        accountHolder: n === 1 ? "Anna Rossi" : n === 21 ? "Bruno Bianchi" : name,
        iban: italianIban("99999", "01600", String(100_000 + n)),
      },
    });
    if (mandate) await db.memberMandate.create({ data: { memberId: member.id, reference: `SOL-MND-${String(n).padStart(3, "0")}`, scheme: "CORE", signedOn: joinedOn } });
    const pod = `IT001E${String(90_000_000 + n * 137).padStart(9, "0")}`;
    const points: { direction: "CONSUMPTION" | "INJECTION"; kw: string; spec: Parameters<typeof synthesize>[0] }[] = [];
    if (kind !== "PRODUCER") points.push({ direction: "CONSUMPTION", kw: "6.000", spec: { kind: "consumption", scaleKw: 0.25 + (n % 5) * 0.08, seed: n * 101 } });
    if (kind !== "CONSUMER") {
      const peak = kind === "PRODUCER" ? 12 + (n % 4) * 6 : 3 + (n % 3);
      points.push({ direction: "INJECTION", kw: `${peak}.000`, spec: { kind: "production", scaleKw: peak * 0.75, seed: n * 211 } });
    }
    for (const p of points) {
      const mp = await db.meteringPoint.create({ data: { communityId: community.id, memberId: member.id, code: pod, direction: p.direction, capacityKw: p.kw, validFrom: joinedOn } });
      readings += await insertSeries(db, mp.id, batch.id, start, synthesize(p.spec, start, DEMO_DAYS));
    }
  }
  await db.importBatch.update({ where: { id: batch.id }, data: { readingCount: readings } });

  // A few members for Sonnenfeld, so the other municipality is not empty.
  const sonnenfeldCommunity = await db.community.findUniqueOrThrow({ where: { slug: "sonnenfeld" } });
  for (let n = 1; n <= 6; n++) {
    await db.member.create({
      data: {
        communityId: sonnenfeldCommunity.id,
        pseudonym: newPseudonym(),
        reference: `SF-${n}`,
        kind: n <= 2 ? "PRODUCER" : "CONSUMER",
        joinedOn,
        personal: { create: { name: `Mitglied ${n}` } },
        meteringPoints: { create: { communityId: sonnenfeldCommunity.id, code: `AT0010000000000000000000000${String(n).padStart(6, "0")}`, direction: n <= 2 ? "INJECTION" : "CONSUMPTION", capacityKw: "5.000", validFrom: joinedOn } },
      },
    });
  }
  readings += await seedSmallCommunity(db, solaria.id, today, joinedOn);
  readings += await seedMarketCommunity(db, solaria.id, today, user("resident@mercato.example"));

  // What the scheduler would have done by now: settle the complete weeks (the first, partial week has
  // gaps and waits for a person to review it).
  const runs = (await settleDuePeriods(db, community.id, today)).filter((r) => r.outcome === "finalized").length;
  // The signed feed needs nothing outside: sign the checkpoints now, so the demo shows them at once.
  // Other configured sinks (TSA, chain) are left to the job queue's sweep when the app starts.
  const feedOnly = anchorSetup({ feedKey: feedKeyFromEnv() });
  for (const id of await ensureAnchors(db, feedOnly)) await attemptAnchor(db, feedOnly, id);
  // Two neighbours witness Solaria's ledger and have cosigned its latest checkpoint (2 of 2).
  if (runs > 0) await witnessDemoLog(db, community, { platformAdmin: user("admin@dajie.example"), communityAdmin: user("admin@solaria.example") }, today);
  return { seeded: true, readings, runs };
}

export const SMALL_SLUG = "borgo-piccolo";
export const SMALL_DAYS = 3;

/**
 * A community below its privacy threshold (3 members, threshold 5) with three days of readings: its
 * public page shows every figure hidden, with the reason.
 */
async function seedSmallCommunity(db: Db, municipalityId: string, today: Date, joinedOn: Date): Promise<number> {
  const small = await db.community.create({
    data: { municipalityId, name: "Borgo Piccolo Energia", slug: SMALL_SLUG, timeZone: "Europe/Rome", intervalMinutes: 15, ruleKind: "DYNAMIC", ruleParams: {}, priceEurPerKWh: "0.10000", privacyThreshold: 5 },
  });
  const batch = await db.importBatch.create({
    data: { communityId: small.id, fileName: "demo-synthetic-readings", fileSha256: "1".repeat(64), format: "synthetic", source: "DEMO", status: "COMPLETED" },
  });
  // Three whole local days before the community's today, whatever the hour of seeding (at 23:30 UTC
  // it is already tomorrow in Rome, and UTC days would spill into a fourth local day).
  const lastDay = localDate(today, "Europe/Rome");
  const start = new Date(localMidnightUtc(addDays(lastDay, -SMALL_DAYS), "Europe/Rome"));
  let readings = 0;
  const members: [MemberKind, number][] = [["PROSUMER", 1], ["CONSUMER", 2], ["CONSUMER", 3]];
  for (const [kind, n] of members) {
    const member = await db.member.create({
      data: { communityId: small.id, pseudonym: newPseudonym(), reference: `BP-${n}`, kind, joinedOn, personal: { create: { name: `Famiglia ${LAST[n]}` } } },
    });
    const code = `IT001E${String(80_000_000 + n * 41).padStart(9, "0")}`;
    const specs: ["CONSUMPTION" | "INJECTION", Parameters<typeof synthesize>[0]][] = [["CONSUMPTION", { kind: "consumption", scaleKw: 0.3 + n * 0.05, seed: 7000 + n }]];
    if (kind === "PROSUMER") specs.push(["INJECTION", { kind: "production", scaleKw: 4.5, seed: 7100 + n }]);
    for (const [direction, spec] of specs) {
      const mp = await db.meteringPoint.create({ data: { communityId: small.id, memberId: member.id, code, direction, capacityKw: direction === "INJECTION" ? "6.000" : "4.500", validFrom: joinedOn } });
      readings += await insertSeries(db, mp.id, batch.id, start, synthesize(spec, start, SMALL_DAYS));
    }
  }
  await db.importBatch.update({ where: { id: batch.id }, data: { readingCount: readings } });
  return readings;
}

export const MARKET_SLUG = "borgo-mercato";

/**
 * A community of Comune di Solaria settled as a neighbourhood market (docs/market.md): 10 members,
 * R 0.25 / F 0.06 €/kWh, grid fee 0.01 €/kWh, midpoint pricing; two buyers and two sellers have
 * limits in two daily bands (10:00–16:00 and 18:00–22:00), the others trade at R and F. Readings
 * cover the whole previous calendar month (Rome), which is left unsettled for an admin to finalize.
 */
/** `at`: another address, range of meter codes and mandate references, for a test that seeds it beside the demo's. */
export async function seedMarketCommunity(db: Db, municipalityId: string, today: Date, residentUserId: string, at: { slug?: string; codeBase?: number } = {}): Promise<number> {
  const market = await db.community.create({
    data: {
      municipalityId,
      name: "Borgo Mercato",
      slug: at.slug ?? MARKET_SLUG,
      timeZone: "Europe/Rome",
      intervalMinutes: 15,
      ruleKind: "MARKET",
      ruleParams: { retailEurPerKWh: "0.250000", feedInEurPerKWh: "0.060000", gridFeeEurPerKWh: "0.010000", pricing: "midpoint" },
      priceEurPerKWh: "0.00000",
      privacyThreshold: 5,
      vatChargesPercent: "10",
      // The previous month is due at once: an admin finalizes it (the demo's market walk-through).
      settlementGraceDays: 0,
    },
  });
  const month = periodContaining("MONTH", addDays(periodContaining("MONTH", localDate(today, "Europe/Rome")).start, -1));
  const { from, to } = periodUtc(month, "Europe/Rome");
  const intervals = Math.round((to.getTime() - from.getTime()) / 900_000);
  const days = Math.ceil(intervals / 96);
  const joinedOn = new Date(`${month.start}T00:00:00Z`);
  await db.$executeRaw`SELECT dajie_ensure_reading_partitions(${from}::timestamptz, ${to}::timestamptz)`;
  const batch = await db.importBatch.create({
    data: { communityId: market.id, fileName: "demo-synthetic-readings", fileSha256: "2".repeat(64), format: "synthetic", source: "DEMO", status: "COMPLETED" },
  });
  // BM-01…04 prosumers, BM-05…06 producers, BM-07…10 consumers.
  const kinds: MemberKind[] = ["PROSUMER", "PROSUMER", "PROSUMER", "PROSUMER", "PRODUCER", "PRODUCER", "CONSUMER", "CONSUMER", "CONSUMER", "CONSUMER"];
  // [side, day band price, evening band price] for some members; validity from the month's first day.
  const limits: Record<number, ["BUY" | "SELL", string, string]> = { 1: ["SELL", "0.080000", "0.180000"], 5: ["SELL", "0.100000", "0.160000"], 7: ["BUY", "0.140000", "0.220000"], 9: ["BUY", "0.120000", "0.200000"] };
  let readings = 0;
  for (const [k, kind] of kinds.entries()) {
    const n = k + 1;
    const reference = `BM-${String(n).padStart(2, "0")}`;
    const name = n === 8 ? "Chiara Neri" : `Famiglia ${LAST[(n * 3) % LAST.length]}`;
    const member = await db.member.create({
      data: {
        communityId: market.id,
        pseudonym: newPseudonym(),
        reference,
        kind,
        joinedOn,
        userId: n === 8 ? residentUserId : null,
        personal: { create: { name, email: `${reference.toLowerCase()}@mercato.example`, address: `Via del Mercato ${n}, Solaria` } },
        bankAccount: { create: { accountHolder: name, iban: italianIban("99999", "01600", String(200_000 + n)) } },
        mandates: { create: { reference: `${at.slug ? `${at.slug.toUpperCase()}-` : ""}BM-MND-${String(n).padStart(2, "0")}`, scheme: "CORE", signedOn: joinedOn } },
      },
    });
    const code = `IT001E${String((at.codeBase ?? 70_000_000) + n * 59).padStart(9, "0")}`;
    const specs: ["CONSUMPTION" | "INJECTION", Parameters<typeof synthesize>[0]][] = [];
    if (kind !== "PRODUCER") specs.push(["CONSUMPTION", { kind: "consumption", scaleKw: 0.4 + (n % 3) * 0.05, seed: 9000 + n }]);
    if (kind !== "CONSUMER") specs.push(["INJECTION", { kind: "production", scaleKw: kind === "PRODUCER" ? 4 : 3 + (n % 3) * 0.5, seed: 9100 + n }]);
    for (const [direction, spec] of specs) {
      const mp = await db.meteringPoint.create({ data: { communityId: market.id, memberId: member.id, code, direction, capacityKw: direction === "INJECTION" ? "8.000" : "4.500", validFrom: joinedOn } });
      readings += await insertSeries(db, mp.id, batch.id, from, synthesize(spec, from, days).slice(0, intervals));
    }
    const limit = limits[n];
    if (limit) {
      const [side, day, evening] = limit;
      await db.marketLimit.createMany({
        data: [
          { communityId: market.id, memberId: member.id, side, validFrom: joinedOn, startMinute: 600, endMinute: 960, priceEurPerKWh: day },
          { communityId: market.id, memberId: member.id, side, validFrom: joinedOn, startMinute: 1080, endMinute: 1320, priceEurPerKWh: evening },
        ],
      });
    }
  }
  await db.importBatch.update({ where: { id: batch.id }, data: { readingCount: readings } });
  return readings;
}

/** One round trip per series: arrays unnested server-side (the importer will use COPY for big files). */
async function insertSeries(db: Db, meteringPointId: string, batchId: string, start: Date, values: bigint[]): Promise<number> {
  const starts = values.map((_, i) => new Date(start.getTime() + i * 900_000));
  return db.$executeRaw`
    INSERT INTO reading (metering_point_id, interval_start, interval_seconds, energy_mwh, quality, batch_id)
    SELECT ${meteringPointId}::uuid, s, 900, e, 'MEASURED', ${batchId}::uuid
    FROM unnest(${starts}::timestamptz[], ${values.map(String)}::bigint[]) AS t(s, e)`;
}
