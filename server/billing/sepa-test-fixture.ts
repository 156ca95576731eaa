// A run of 5 members for the SEPA tests: two who owe with a mandate, one credited, one who owes
// without a mandate, one whose lines sum to zero.
import { italianIban, makeCreditorId } from "./iban";
import { billingLines, type ExportEntry, type ExportMember } from "./billing-lines";
import { sepaPlan, type PlanMember } from "./sepa-payments";
import type { SepaParty } from "./sepa-xml";

export const RUN = {
  id: "0b7f4f2e-3c1a-4d5e-8f90-1a2b3c4d5e6f",
  version: 1,
  correctsId: null,
  communitySlug: "solaria",
  periodStart: "2026-03-02",
  periodEnd: "2026-03-09",
  checkpointSize: 12n,
  checkpointRoot: "ab".repeat(32),
  priceEurPerKWh: "0.11000",
};
const members = new Map<string, ExportMember>([
  ["m1", { reference: "SOL-001", pseudonym: "M-AAAAAAAAAA", consumptionPoints: ["IT001E1"], injectionPoints: [] }],
  ["m2", { reference: "SOL-002", pseudonym: "M-BBBBBBBBBB", consumptionPoints: ["IT001E2"], injectionPoints: [] }],
  ["m3", { reference: "SOL-003", pseudonym: "M-CCCCCCCCCC", consumptionPoints: [], injectionPoints: ["IT001E3"] }],
  ["m4", { reference: "SOL-004", pseudonym: "M-DDDDDDDDDD", consumptionPoints: ["IT001E4"], injectionPoints: [] }],
  ["m5", { reference: "SOL-005", pseudonym: "M-EEEEEEEEEE", consumptionPoints: ["IT001E5"], injectionPoints: ["IT001E6"] }],
]);
let seq = 0n;
const entry = (memberId: string, kind: string, amountCents: bigint): ExportEntry => ({
  seq: ++seq,
  kind,
  account: `PC:${members.get(memberId)!.pseudonym}`,
  memberId,
  amountCents,
  energyMWh: 1000n,
  reversesSeq: null,
  hash: seq.toString(16).padStart(64, "0"),
});
// PC amounts are the ledger's view (credit positive); the export turns the sign: positive = owed.
const entries = [
  entry("m1", "SHARED_ENERGY_DEBIT", -1_000n), // owes 10.00 + 22 % = 12.20
  entry("m2", "SHARED_ENERGY_DEBIT", -557n), // owes 5.57 + 1.23 (1.2254 → 1.23) = 6.80
  entry("m3", "SHARED_ENERGY_CREDIT", 1_557n), // credited 15.57, 0 % VAT
  entry("m4", "SHARED_ENERGY_DEBIT", -300n), // owes 3.66 but has no mandate
  entry("m5", "SHARED_ENERGY_DEBIT", -500n), // 5.00 + 1.10 = 6.10 owed …
  entry("m5", "SHARED_ENERGY_CREDIT", 610n), // … and 6.10 credited: nothing to pay
];
export const x = billingLines(RUN, entries, members, { chargesBp: 2200, creditsBp: 0 });
const bank = (holder: string, account: string, mandate: string | null): PlanMember["bank"] => ({
  accountHolder: holder,
  iban: italianIban("99999", "01600", account),
  bic: null,
  mandateReference: mandate,
  mandateSignedOn: mandate ? "2026-01-15" : null,
});
export const planMembers = new Map<string, PlanMember>([
  ["M-AAAAAAAAAA", { reference: "SOL-001", bank: bank("Anna Müller & Figli", "1", "SOL-MND-001") }],
  ["M-BBBBBBBBBB", { reference: "SOL-002", bank: { ...bank("Bruno Bianchi", "2", "SOL-MND-002")!, bic: "BCITITMM" } }],
  ["M-CCCCCCCCCC", { reference: "SOL-003", bank: bank("Carla Verdi", "3", null) }],
  ["M-DDDDDDDDDD", { reference: "SOL-004", bank: bank("Dario Neri", "4", null) }],
  ["M-EEEEEEEEEE", { reference: "SOL-005", bank: null }],
]);
export const FINALIZED = new Date("2026-03-10T05:00:07.123Z");
export const helios: SepaParty = { name: "Helios Energy Services", iban: italianIban("99999", "01600", "900000001"), bic: "HELIITM1XXX", creditorId: makeCreditorId("IT", "HELIOS0001") };
export const plan = sepaPlan(x, planMembers, FINALIZED, 30);

/** The same run with SOL-002's mandate a B2B one: two payment information blocks, CORE (12.20) and B2B (6.80). */
export const mixedPlan = sepaPlan(
  x,
  new Map([...planMembers, ["M-BBBBBBBBBB", { reference: "SOL-002", bank: { ...planMembers.get("M-BBBBBBBBBB")!.bank!, mandateScheme: "B2B" as const } }]]),
  FINALIZED,
  30,
);
