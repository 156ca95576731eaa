// Every tRPC procedure, called by people who must not reach it: each gets NOT_FOUND, FORBIDDEN or
// UNAUTHORIZED and no data, while the rightful caller succeeds (so every case can fail).
// The last test fails when a procedure is added without a case here.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { saveUpload } from "@/server/metering/import/uploads";
import { finalizeRun } from "@/server/settlement/runs";
import { writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeWorld } from "@/server/test/factories";

type World = Awaited<ReturnType<typeof makeWorld>>;
type User = World["adminA"];
type Caller = ReturnType<typeof callerAs>;

interface Case {
  path: string;
  insider: (w: World) => User;
  outsiders: (w: World) => User[];
  /** Data the call needs, made once by the rightful caller before anyone calls. */
  prepare?: (w: World) => Promise<Record<string, string>>;
  call: (c: Caller, w: World, p: Record<string, string>) => Promise<unknown>;
}

const DENIED = ["NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED"];
const today = new Date().toISOString().slice(0, 10);
const csv = (ref: string) => `reference,kind,joined_on\n${ref},consumer,2026-01-01\n`;
/** A tiny meter data file for A's first metering point, uploaded by A's admin. */
async function meterUpload(w: World, by = w.adminA): Promise<Record<string, string>> {
  const rows = ["00:00", "00:15", "00:30", "00:45"].map((t, i) => `${w.pointA1.code},consumption,2026-02-01T${t}:00Z,0.${i + 1}`);
  const text = `metering_point,direction,start,kwh\n${rows.join("\n")}\n`;
  const upload = await saveUpload([Buffer.from(text)], { fileName: "tiny.csv", communityId: w.communityA.id, userId: by.id });
  return { uploadId: upload.uploadId };
}

const DAY = { start: "2026-03-02", end: "2026-03-03" };
/** A day of readings for A's first member and a producer, so that community A has something to settle. */
async function settleable(w: World): Promise<Record<string, string>> {
  const producer = await db().member.create({ data: { communityId: w.communityA.id, pseudonym: `M-P${w.communityA.id.slice(0, 8).toUpperCase()}`, reference: "producer", kind: "PRODUCER", joinedOn: new Date("2026-01-01") } });
  const pv = await db().meteringPoint.create({ data: { communityId: w.communityA.id, memberId: producer.id, code: `PV${w.communityA.id.slice(0, 8)}`.toUpperCase(), direction: "INJECTION", capacityKw: "6", validFrom: new Date("2026-01-01") } });
  await writeReadings(w.communityA.id, w.pointA1.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.communityA.id, w.pointA2.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 100_000n);
  await writeReadings(w.communityA.id, pv.id, "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z", 150_000n);
  return {};
}
/** As settleable, and finalized: for the procedures that read runs and the ledger. */
async function settled(w: World): Promise<Record<string, string>> {
  await settleable(w);
  const run = await finalizeRun(db(), w.communityA.id, DAY, { kind: "scheduler" });
  return { runId: run.runId };
}

// Who is outside what: B's admin and everyone unrelated must not see community A;
// ESCO users may read A (their ESCO serves it) and import its meter data, but never change the
// community, its members or metering points; residents see only themselves.
const notOfA = (w: World) => [w.adminB, w.otherEscoUser, w.residentA1, w.platformAdmin, w.nobody];
const notManagersOfA = (w: World) => [...notOfA(w), w.escoUser];
const notConfiguratorsOfA = (w: World) => [...notManagersOfA(w), w.operatorA];
const notAdminsOfMunA = (w: World) => [w.operatorA, w.adminB, w.escoUser, w.residentA1, w.platformAdmin, w.nobody];
const notPlatformAdmins = (w: World) => [w.adminA, w.adminB, w.escoUser, w.residentA1, w.nobody];
/** Everyone but resident A1, asking for A1's member: another resident, A's and B's admins, the ESCO. */
const notResidentA1 = (w: World) => [w.residentA2, w.adminA, w.operatorA, w.adminB, w.escoUser, w.platformAdmin, w.nobody];

const cases: Case[] = [
  { path: "witness.logs", insider: (w) => w.platformAdmin, outsiders: notPlatformAdmins, call: (c) => c.witness.logs() },
  {
    path: "witness.addLog",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c, w) => c.witness.addLog({ origin: `PeterNeumann-${w.munA.id.slice(0, 8)}`, verifierKey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW" }),
  },
  {
    path: "witness.removeLog",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    prepare: async (w) => {
      const origin = `log.example/${w.munA.id}`;
      await db().witnessedLog.create({ data: { origin, verifierKey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", addedBy: "test" } });
      return { origin };
    },
    call: (c, _w, p) => c.witness.removeLog({ origin: p.origin! }),
  },
  { path: "witness.community", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.witness.community({ communityId: w.communityA.id }) },
  {
    path: "witness.addCommunityWitness",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.witness.addCommunityWitness({ communityId: w.communityA.id, name: "remora", verifierKey: "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", url: "https://remora.n621.de/add-checkpoint" }),
  },
  {
    path: "witness.removeCommunityWitness",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: async (w) => {
      await db().communityWitness.create({ data: { communityId: w.communityA.id, name: "to-remove", verifierKey: "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", url: "https://remora.n621.de/add-checkpoint" } });
      return {};
    },
    call: (c, w) => c.witness.removeCommunityWitness({ communityId: w.communityA.id, name: "to-remove" }),
  },
  { path: "witness.setQuorum", insider: (w) => w.adminA, outsiders: notConfiguratorsOfA, call: (c, w) => c.witness.setQuorum({ communityId: w.communityA.id, quorum: 0 }) },
  { path: "me.whoami", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.me.whoami() },
  { path: "me.memberships", insider: (w) => w.residentA1, outsiders: () => [], call: (c) => c.me.memberships() },
  { path: "me.energy", insider: (w) => w.residentA1, outsiders: notResidentA1, call: (c, w) => c.me.energy({ memberId: w.memberA1.id, resolution: "day" }) },
  { path: "me.credits", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: settled, call: (c, w) => c.me.credits({ memberId: w.memberA1.id }) },
  { path: "me.proofs", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: settled, call: (c, w) => c.me.proofs({ memberId: w.memberA1.id }) },
  { path: "me.bank", insider: (w) => w.residentA1, outsiders: notResidentA1, call: (c, w) => c.me.bank({ memberId: w.memberA1.id }) },
  { path: "me.requestErasure", insider: (w) => w.residentA1, outsiders: notResidentA1, call: (c, w) => c.me.requestErasure({ memberId: w.memberA1.id }) },
  { path: "organization.mine", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.organization.mine() },
  { path: "organization.listAll", insider: (w) => w.platformAdmin, outsiders: notPlatformAdmins, call: (c) => c.organization.listAll() },
  { path: "organization.create", insider: (w) => w.platformAdmin, outsiders: notPlatformAdmins, call: (c) => c.organization.create({ name: "Comune Test", kind: "MUNICIPALITY" }) },
  {
    path: "organization.inviteFirstAdmin",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c, w) => c.organization.inviteFirstAdmin({ orgId: w.munA.id, email: `first-${w.munA.id.slice(0, 6)}@example.test` }),
  },
  { path: "organization.users", insider: (w) => w.adminA, outsiders: notAdminsOfMunA, call: (c, w) => c.organization.users({ orgId: w.munA.id }) },
  {
    path: "organization.inviteUser",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.inviteUser({ orgId: w.munA.id, email: `op-${w.munA.id.slice(0, 6)}@example.test`, role: "OPERATOR" }),
  },
  { path: "organization.bank", insider: (w) => w.operatorA, outsiders: (w) => [w.adminB, w.escoUser, w.residentA1, w.platformAdmin, w.nobody], call: (c, w) => c.organization.bank({ orgId: w.munA.id }) },
  {
    path: "organization.setBank",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.setBank({ orgId: w.munA.id, bank: { accountHolder: "Comune", iban: "IT60X0542811101000000123456", creditorId: "DE98ZZZ09999999999" } }),
  },
  { path: "organization.billingIdentity", insider: (w) => w.adminA, outsiders: notAdminsOfMunA, call: (c, w) => c.organization.billingIdentity({ orgId: w.munA.id }) },
  {
    path: "organization.setBillingIdentity",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.setBillingIdentity({ orgId: w.munA.id, identity: { legalName: "Comune di Prova", vatId: "IT00000000001", street: "Piazza 1", postcode: "00100", city: "Roma", countryCode: "IT", billingEmail: "" } }),
  },
  { path: "organization.auditLog", insider: (w) => w.adminA, outsiders: notAdminsOfMunA, call: (c, w) => c.organization.auditLog({ orgId: w.munA.id }) },
  { path: "community.list", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.community.list() },
  { path: "community.get", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.community.get({ communityId: w.communityA.id }) },
  {
    path: "community.create",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) =>
      c.community.create({
        orgId: w.munA.id,
        community: { name: "New", slug: `new-${w.munA.id.slice(0, 8)}`, timeZone: "Europe/Rome", intervalMinutes: 15, rule: { kind: "DYNAMIC" }, priceEurPerKWh: "0.1", privacyThreshold: 5 },
      }),
  },
  {
    path: "community.update",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.community.update({ communityId: w.communityA.id, community: { ...w.communityA, intervalMinutes: 15, name: "Renamed", rule: { kind: "DYNAMIC" } } }),
  },
  { path: "community.escoChoices", insider: (w) => w.adminA, outsiders: notConfiguratorsOfA, call: (c, w) => c.community.escoChoices({ communityId: w.communityA.id }) },
  { path: "community.setEscos", insider: (w) => w.adminA, outsiders: notConfiguratorsOfA, call: (c, w) => c.community.setEscos({ communityId: w.communityA.id, escoIds: [w.esco.id] }) },
  { path: "member.list", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.member.list({ communityId: w.communityA.id }) },
  { path: "member.get", insider: (w) => w.operatorA, outsiders: notOfA, call: (c, w) => c.member.get({ communityId: w.communityA.id, memberId: w.memberA1.id }) },
  {
    path: "member.create",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.create({ communityId: w.communityA.id, member: { reference: `R-${w.memberA1.id.slice(0, 6)}`, kind: "CONSUMER", joinedOn: "2026-01-01" } }),
  },
  {
    path: "member.update",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01", name: "Changed" } }),
  },
  { path: "member.end", insider: (w) => w.operatorA, outsiders: notManagersOfA, call: (c, w) => c.member.end({ communityId: w.communityA.id, memberId: w.memberA1.id, leftOn: "2026-06-01" }) },
  { path: "member.erase", insider: (w) => w.adminA, outsiders: notConfiguratorsOfA, call: (c, w) => c.member.erase({ communityId: w.communityA.id, memberId: w.memberA1.id }) },
  // Bank data is personal: the municipality reads it, its administrators set it; the ESCO never reads it here.
  { path: "member.bank", insider: (w) => w.operatorA, outsiders: notManagersOfA, call: (c, w) => c.member.bank({ communityId: w.communityA.id, memberId: w.memberA1.id }) },
  {
    path: "member.setBank",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { accountHolder: "A", iban: "IT60X0542811101000000123456", mandateReference: `MND-${w.memberA1.id.slice(0, 8)}`, mandateSignedOn: "2026-01-01" } }),
  },
  { path: "member.importCsv", insider: (w) => w.adminA, outsiders: notManagersOfA, call: (c, w) => c.member.importCsv({ communityId: w.communityA.id, csv: csv(`CSV-${w.memberA1.id.slice(0, 6)}`) }) },
  { path: "meteringPoint.list", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.meteringPoint.list({ communityId: w.communityA.id }) },
  {
    path: "meteringPoint.add",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) =>
      c.meteringPoint.add({ communityId: w.communityA.id, memberId: w.memberA1.id, point: { code: `IT${w.memberA1.id.slice(0, 8).toUpperCase()}`, direction: "INJECTION", capacityKw: "4.5", validFrom: "2026-02-01" } }),
  },
  { path: "meteringPoint.close", insider: (w) => w.operatorA, outsiders: notManagersOfA, call: (c, w) => c.meteringPoint.close({ communityId: w.communityA.id, pointId: w.pointA1.id, validTo: "2026-05-01" }) },
  {
    path: "invitation.inviteResident",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => {
      const fresh = await callerAs(w.adminA).member.create({ communityId: w.communityA.id, member: { reference: "INV-1", kind: "CONSUMER", joinedOn: today } });
      return { memberId: fresh.id };
    },
    call: (c, w, p) => c.invitation.inviteResident({ communityId: w.communityA.id, memberId: p.memberId!, email: `inv-${p.memberId!.slice(0, 6)}@example.test` }),
  },
  { path: "invitation.list", insider: (w) => w.operatorA, outsiders: notManagersOfA, call: (c, w) => c.invitation.list({ communityId: w.communityA.id }) },
  {
    path: "invitation.revoke",
    insider: (w) => w.adminA,
    outsiders: notManagersOfA,
    prepare: async (w) => {
      const member = await callerAs(w.adminA).member.create({ communityId: w.communityA.id, member: { reference: "REV-1", kind: "CONSUMER", joinedOn: today } });
      const inv = await callerAs(w.adminA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: `rev-${member.id.slice(0, 6)}@example.test` });
      return { invitationId: inv.id };
    },
    call: (c, w, p) => c.invitation.revoke({ communityId: w.communityA.id, invitationId: p.invitationId! }),
  },
  { path: "readingImport.preview", insider: (w) => w.adminA, outsiders: notOfA, prepare: meterUpload, call: (c, w, p) => c.readingImport.preview({ communityId: w.communityA.id, uploadId: p.uploadId!, options: {} }) },
  // The ESCO serving the community imports meter data too (its own upload).
  { path: "readingImport.import", insider: (w) => w.escoUser, outsiders: notOfA, prepare: (w) => meterUpload(w, w.escoUser), call: (c, w, p) => c.readingImport.import({ communityId: w.communityA.id, uploadId: p.uploadId!, options: {} }) },
  { path: "readingImport.mappings", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.readingImport.mappings({ communityId: w.communityA.id }) },
  {
    path: "readingImport.saveMapping",
    insider: (w) => w.operatorA,
    outsiders: notOfA,
    call: (c, w) => c.readingImport.saveMapping({ communityId: w.communityA.id, name: "export", mapping: { unit: "Wh", intervalSeconds: 900, layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "wh" } } }),
  },
  {
    path: "readingImport.deleteMapping",
    insider: (w) => w.adminA,
    outsiders: notOfA,
    prepare: async (w) => {
      await callerAs(w.adminA).readingImport.saveMapping({ communityId: w.communityA.id, name: "old", mapping: { unit: "Wh", layout: { kind: "long", timestamp: 0, energy: 1 } } });
      return {};
    },
    call: (c, w) => c.readingImport.deleteMapping({ communityId: w.communityA.id, name: "old" }),
  },
  { path: "readingImport.batches", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.readingImport.batches({ communityId: w.communityA.id }) },
  { path: "readingImport.readings", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.readingImport.readings({ communityId: w.communityA.id, meteringPointId: w.pointA1.id }) },
  {
    path: "readingImport.gaps",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.readingImport.gaps({ communityId: w.communityA.id, meteringPointId: w.pointA1.id, from: "2026-02-01", to: "2026-02-02" }),
  },
  { path: "apiToken.list", insider: (w) => w.adminA, outsiders: notAdminsOfMunA, call: (c, w) => c.apiToken.list({ orgId: w.munA.id }) },
  { path: "apiToken.create", insider: (w) => w.adminA, outsiders: notAdminsOfMunA, call: (c, w) => c.apiToken.create({ orgId: w.munA.id, name: "Importer", scopes: ["readings:import"] }) },
  {
    path: "apiToken.revoke",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    prepare: async (w) => {
      const token = await callerAs(w.adminA).apiToken.create({ orgId: w.munA.id, name: "To revoke", scopes: ["runs:read"] });
      return { tokenId: token.id };
    },
    call: (c, w, p) => c.apiToken.revoke({ orgId: w.munA.id, tokenId: p.tokenId! }),
  },
  { path: "settlement.periods", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.settlement.periods({ communityId: w.communityA.id }) },
  { path: "settlement.preview", insider: (w) => w.escoUser, outsiders: notOfA, prepare: settleable, call: (c, w) => c.settlement.preview({ communityId: w.communityA.id, period: DAY }) },
  // Finalizing is for the municipality's administrators and serving ESCOs, not municipal operators.
  {
    path: "settlement.finalize",
    insider: (w) => w.escoUser,
    outsiders: (w) => [...notOfA(w), w.operatorA],
    prepare: settleable,
    call: (c, w) => c.settlement.finalize({ communityId: w.communityA.id, period: DAY }),
  },
  { path: "billing.invoices", insider: (w) => w.escoUser, outsiders: notOfA, prepare: settled, call: (c, w, p) => c.billing.invoices({ communityId: w.communityA.id, runId: p.runId! }) },
  {
    path: "billing.issueInvoices",
    insider: (w) => w.escoUser,
    outsiders: (w) => [...notOfA(w), w.operatorA],
    prepare: async (w) => {
      await db().organization.update({ where: { id: w.esco.id }, data: { legalName: "ESCO S.r.l.", vatId: "IT01234567890", street: "Via 1", postcode: "20100", city: "Milano", countryCode: "IT" } });
      return settled(w);
    },
    call: (c, w, p) => c.billing.issueInvoices({ communityId: w.communityA.id, runId: p.runId! }),
  },
  { path: "settlement.runs", insider: (w) => w.escoUser, outsiders: notOfA, prepare: settled, call: (c, w) => c.settlement.runs({ communityId: w.communityA.id }) },
  { path: "settlement.run", insider: (w) => w.adminA, outsiders: notOfA, prepare: settled, call: (c, w, p) => c.settlement.run({ communityId: w.communityA.id, runId: p.runId! }) },
  { path: "settlement.ledger", insider: (w) => w.escoUser, outsiders: notOfA, prepare: settled, call: (c, w) => c.settlement.ledger({ communityId: w.communityA.id }) },
  {
    path: "settlement.memberLedger",
    insider: (w) => w.operatorA,
    outsiders: notOfA,
    prepare: settled,
    call: (c, w) => c.settlement.memberLedger({ communityId: w.communityA.id, memberId: w.memberA1.id }),
  },
];

// Public procedures: for invitations the token is the permission (covered in invitations.int.test.ts);
// the transparency figures are for anyone, through the privacy rule (server/transparency/*.int.test.ts).
const PUBLIC = ["invitation.lookup", "invitation.accept", "transparency.stats", "transparency.checkpoints"];

async function expectDenied(promise: Promise<unknown>, who: string) {
  const outcome = await promise.then(
    (data) => ({ data }),
    (err: unknown) => ({ err }),
  );
  if ("data" in outcome) throw new Error(`${who} was allowed and got ${JSON.stringify(outcome.data).slice(0, 200)}`);
  expect(outcome.err, who).toBeInstanceOf(TRPCError);
  expect(DENIED, `${who}: ${(outcome.err as TRPCError).message}`).toContain((outcome.err as TRPCError).code);
}

describe("access control: every procedure refuses outsiders", () => {
  for (const c of cases) {
    it(`${c.path}: anonymous and outsiders are refused; the rightful caller is served`, async () => {
      const w = await makeWorld();
      const p = (await c.prepare?.(w)) ?? {};
      await expectDenied(c.call(callerAs(null), w, p), "anonymous");
      for (const outsider of c.outsiders(w)) {
        const role = Object.entries(w).find(([, v]) => v === outsider)?.[0] ?? outsider.id;
        await expectDenied(c.call(callerAs(outsider), w, p), role);
      }
      await c.call(callerAs(c.insider(w)), w, p); // throws if the rightful caller is refused
    });
  }

  it("ids from another community are not found through one's own community", async () => {
    const w = await makeWorld();
    const b = callerAs(w.adminB);
    const own = w.communityB.id;
    await expectDenied(b.member.get({ communityId: own, memberId: w.memberA1.id }), "member.get");
    await expectDenied(b.member.update({ communityId: own, memberId: w.memberA1.id, member: { reference: "X", kind: "CONSUMER", joinedOn: "2026-01-01" } }), "member.update");
    await expectDenied(b.member.end({ communityId: own, memberId: w.memberA1.id, leftOn: "2026-06-01" }), "member.end");
    await expectDenied(b.meteringPoint.add({ communityId: own, memberId: w.memberA1.id, point: { code: "IT0000X1", direction: "CONSUMPTION", capacityKw: "3", validFrom: "2026-02-01" } }), "meteringPoint.add");
    await expectDenied(b.meteringPoint.close({ communityId: own, pointId: w.pointA1.id, validTo: "2026-05-01" }), "meteringPoint.close");
    await expectDenied(b.invitation.inviteResident({ communityId: own, memberId: w.memberA2.id, email: "x@example.test" }), "invitation.inviteResident");
    await expectDenied(b.readingImport.readings({ communityId: own, meteringPointId: w.pointA1.id }), "readingImport.readings");
    await expectDenied(b.readingImport.gaps({ communityId: own, meteringPointId: w.pointA1.id, from: "2026-02-01", to: "2026-02-02" }), "readingImport.gaps");
    const upload = await meterUpload(w); // A's admin's upload: not B's, and not A's operator's either
    await expectDenied(b.readingImport.preview({ communityId: own, uploadId: upload.uploadId!, options: {} }), "readingImport.preview");
    await expectDenied(callerAs(w.operatorA).readingImport.import({ communityId: w.communityA.id, uploadId: upload.uploadId!, options: {} }), "readingImport.import");
    const { runId } = await settled(w);
    await expectDenied(b.settlement.run({ communityId: own, runId: runId! }), "settlement.run");
    await expectDenied(b.settlement.memberLedger({ communityId: own, memberId: w.memberA1.id }), "settlement.memberLedger");
    expect((await b.settlement.ledger({ communityId: own })).entries).toEqual([]);
    const a1 = await callerAs(w.adminA).member.get({ communityId: w.communityA.id, memberId: w.memberA1.id });
    expect(a1.personal?.name).toBe("Resident Name"); // unchanged
  });

  it("lists show only what the caller may see: B's admin lists no community of A, the ESCO sees A without personal data", async () => {
    const w = await makeWorld();
    const listB = await callerAs(w.adminB).community.list();
    expect(listB.map((c) => c.id)).toContain(w.communityB.id);
    expect(listB.map((c) => c.id)).not.toContain(w.communityA.id);
    const escoList = await callerAs(w.escoUser).community.list();
    expect(escoList.map((c) => [c.id, c.access])).toEqual([[w.communityA.id, "esco"]]);
    const members = await callerAs(w.escoUser).member.list({ communityId: w.communityA.id });
    expect(members).toHaveLength(2);
    expect(members.every((m) => m.personal === null)).toBe(true);
    const asMunicipality = await callerAs(w.operatorA).member.list({ communityId: w.communityA.id });
    expect(asMunicipality.every((m) => m.personal?.name === "Resident Name")).toBe(true);
  });

  it("a resident sees their own member record and metering points, never another member's", async () => {
    const w = await makeWorld();
    const mine = await callerAs(w.residentA1).me.memberships();
    expect(mine.map((m) => m.memberId)).toEqual([w.memberA1.id]);
    expect(mine[0]!.meteringPoints.map((p) => p.code)).toEqual([w.pointA1.code]);
    const theirs = await callerAs(w.residentA2).me.memberships();
    expect(theirs.map((m) => m.memberId)).toEqual([w.memberA2.id]);
    expect(await callerAs(w.nobody).me.memberships()).toEqual([]);
  });

  it("every procedure of the router has an access case (add one when you add a procedure)", () => {
    const all = Object.keys(appRouter._def.procedures).sort();
    const covered = [...cases.map((c) => c.path), ...PUBLIC].sort();
    expect(covered).toEqual(all);
  });
});
