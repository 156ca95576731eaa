// Every tRPC procedure, REST endpoint and route handler, called by people who must not reach it: each
// gets NOT_FOUND, FORBIDDEN or UNAUTHORIZED and no data, while the rightful caller succeeds (so every
// case can fail). The coverage tests fail when a procedure, an endpoint or an app/**/route.ts file is
// added without a case here.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { restApiHandler } from "@/server/http/rest-handler";
import { restApiRouter } from "@/server/api/rest/router";
import { appRouter } from "@/server/api/root";
import { createApiToken, type ApiScope } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { appErrorStatus } from "@/server/http/app-error-status";
import type { RouteHandler } from "@/server/http/route-edge";
import { saveUpload } from "@/server/metering/import/uploads";
import { finalizeRun } from "@/server/settlement/runs";
import { writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeWorld } from "@/server/test/factories";
import { requestAs } from "@/server/test/sessions";

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

/** Community A with the market rule's tariffs (members' limits must lie within them). */
async function marketCommunity(w: World): Promise<Record<string, string>> {
  await db().community.update({ where: { id: w.communityA.id }, data: { ruleKind: "MARKET", ruleParams: { retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06" } } });
  return {};
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
  { path: "market.limits", insider: (w) => w.escoUser, outsiders: notOfA, call: (c, w) => c.market.limits({ communityId: w.communityA.id }) },
  {
    path: "market.setLimits",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: marketCommunity,
    call: (c, w) => c.market.setLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.20" }] }),
  },
  {
    path: "market.deleteLimits",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => {
      await marketCommunity(w);
      await callerAs(w.adminA).market.setLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "SELL", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.10" }] });
      return {};
    },
    call: (c, w) => c.market.deleteLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "SELL", validFrom: "2026-03-01" }),
  },
  { path: "me.whoami", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.me.whoami() },
  { path: "me.memberships", insider: (w) => w.residentA1, outsiders: () => [], call: (c) => c.me.memberships() },
  { path: "me.energy", insider: (w) => w.residentA1, outsiders: notResidentA1, call: (c, w) => c.me.energy({ memberId: w.memberA1.id, resolution: "day" }) },
  { path: "me.credits", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: settled, call: (c, w) => c.me.credits({ memberId: w.memberA1.id }) },
  { path: "me.marketLimits", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: marketCommunity, call: (c, w) => c.me.marketLimits({ memberId: w.memberA1.id }) },
  { path: "me.setMarketLimit", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: marketCommunity, call: (c, w) => c.me.setMarketLimit({ memberId: w.memberA1.id, side: "BUY", priceCtPerKWh: "20" }) },
  { path: "me.previewMarketLimits", insider: (w) => w.residentA1, outsiders: notResidentA1, prepare: marketCommunity, call: (c, w) => c.me.previewMarketLimits({ memberId: w.memberA1.id, buyCtPerKWh: "20", sellCtPerKWh: null }) },
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
  // A reset link lets its holder into the account: A's admin for A's operator; a platform admin may too (password-reset.int.test.ts).
  { path: "passwordReset.issue", insider: (w) => w.adminA, outsiders: (w) => [w.operatorA, w.adminB, w.escoUser, w.residentA1, w.nobody], call: (c, w) => c.passwordReset.issue({ orgId: w.munA.id, userId: w.operatorA.id }) },
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

// Public procedures: for invitations and reset links the token is the permission (covered in
// invitations.int.test.ts and password-reset.int.test.ts);
// the transparency figures are for anyone, through the privacy rule (server/transparency/*.int.test.ts).
const PUBLIC = ["invitation.lookup", "invitation.accept", "passwordReset.lookup", "passwordReset.complete", "transparency.stats", "transparency.checkpoints"];

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

// ---------------------------------------------------------------------------------------------------
// HTTP: the REST API's endpoints and every hand-written route handler, called as the server would.

type Params = Record<string, string>;
/** Who calls: a user of the world (session), an API token, or nobody. */
type HttpCaller = { user: User } | { token: string } | null;
/** `query`: the URL's query when a refusal needs its own (an unknown format); else the case's own. */
type Call = (who: HttpCaller, w: World, p: Params, query?: string) => Promise<Response>;

interface HttpCase {
  /** The REST procedure ("rest.runs") or the route handler file ("app/me/export/route.ts GET"). */
  name: string;
  prepare?: (w: World) => Promise<Params>;
  call: Call;
  /** Callers who must be refused, each with the status they get (the body is always the one shape). */
  refused: (w: World, p: Params) => Promise<{ who: string; caller: HttpCaller; status: 400 | 401 | 403 | 404; query?: string; params?: Params }[]>;
  insider: (w: World, p: Params) => Promise<HttpCaller>;
  /** What the rightful caller gets: checks the status and something of the body. */
  served: (res: Response, w: World, p: Params) => Promise<void>;
}

const tokenOf = async (orgId: string, by: User, scopes: ApiScope[]) => ({ token: (await createApiToken(db(), { userId: by.id }, orgId, { name: "access test", scopes })).token });
const user = (u: User): HttpCaller => ({ user: u });

/** A Request as `who`: their session cookie, their bearer token, or nothing. */
async function request(who: HttpCaller, url: string, init: RequestInit = {}): Promise<Request> {
  if (who && "user" in who) return requestAs(who.user, url, init);
  const headers = new Headers(init.headers);
  if (who && "token" in who) headers.set("authorization", `Bearer ${who.token}`);
  return new Request(url, { ...init, headers });
}
const route = (handler: RouteHandler<Params>, params: Params) => (req: Request) => handler(req, { params: Promise.resolve(params) });
const rest = async (who: HttpCaller, path: string, method = "GET") =>
  restApiHandler(await request(who, `http://localhost/api${path}`, method === "POST" ? { method, headers: { "content-type": "application/json" }, body: "{}" } : {}));

/** A tiny meter data file for A's first metering point, as a request body. */
const meterFile = (w: World) =>
  `metering_point,direction,start,kwh\n${["00:00", "00:15", "00:30", "00:45"].map((t, i) => `${w.pointA1.code},consumption,2026-02-01T${t}:00Z,0.${i + 1}`).join("\n")}\n`;

async function importers() {
  const { GET: meExport } = await import("@/app/me/export/route");
  const { GET: meStatement } = await import("@/app/me/statement/route");
  const { POST: upload } = await import("@/app/api/communities/[communityId]/uploads/route");
  const { GET: sessionExport } = await import("@/app/api/communities/[communityId]/runs/[runId]/export/route");
  const { GET: apiExport } = await import("@/app/api/v1/communities/[slug]/runs/[runId]/export/route");
  const { POST: apiImport } = await import("@/app/api/v1/communities/[slug]/imports/route");
  const { GET: ledgerExport } = await import("@/app/c/[slug]/ledger/export/route");
  const { GET: checkpointFeed } = await import("@/app/c/[slug]/checkpoints.json/route");
  const { GET: signedCheckpoint } = await import("@/app/c/[slug]/checkpoint/route");
  const { GET: meTlogProof } = await import("@/app/me/tlog-proof/route");
  return { meExport, meStatement, upload, sessionExport, apiExport, apiImport, ledgerExport, checkpointFeed, signedCheckpoint, meTlogProof } as Record<string, RouteHandler<Params>>;
}
const handlers = await importers();

/** Residents' downloads: another resident and A's staff ask for A1's member. */
const notA1 = async (w: World) => [
  { who: "anonymous", caller: null, status: 401 as const },
  { who: "residentA2", caller: user(w.residentA2), status: 404 as const },
  { who: "adminA", caller: user(w.adminA), status: 404 as const },
];
/** Console routes of community A: B's admin and A's resident have no console access to A. */
const notStaffOfA = async (w: World) => [
  { who: "anonymous", caller: null, status: 401 as const },
  { who: "adminB", caller: user(w.adminB), status: 404 as const },
  { who: "residentA1", caller: user(w.residentA1), status: 404 as const },
];
/** Token routes of community A: no token, B's token (404), A's token without the scope (403). */
const tokensNotFor = (scope: ApiScope, other: ApiScope) => async (w: World) => [
  { who: "no token", caller: null, status: 401 as const },
  { who: "B's token", caller: await tokenOf(w.munB.id, w.adminB, [scope]), status: 404 as const },
  { who: `A's token without ${scope}`, caller: await tokenOf(w.munA.id, w.adminA, [other]), status: 403 as const },
];

const httpCases: HttpCase[] = [
  {
    name: "rest.communities",
    call: (who) => rest(who, "/v1/communities"),
    refused: async (w) => [
      { who: "no token", caller: null, status: 401 },
      { who: "A's token without runs:read", caller: await tokenOf(w.munA.id, w.adminA, ["readings:import"]), status: 403 },
    ],
    insider: (w) => tokenOf(w.esco.id, w.escoUser, ["runs:read"]),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect((await res.json()).communities.map((c: { slug: string }) => c.slug)).toEqual([w.communityA.slug]);
    },
  },
  {
    name: "rest.runs",
    prepare: settled,
    call: (who, w) => rest(who, `/v1/communities/${w.communityA.slug}/runs`),
    refused: tokensNotFor("runs:read", "readings:import"),
    insider: (w) => tokenOf(w.esco.id, w.escoUser, ["runs:read"]),
    served: async (res, _w, p) => {
      expect(res.status).toBe(200);
      expect((await res.json()).runs.map((r: { id: string }) => r.id)).toEqual([p.runId]);
    },
  },
  {
    name: "rest.runLines",
    prepare: settled,
    call: (who, w, p) => rest(who, `/v1/communities/${w.communityA.slug}/runs/${p.runId}/lines`),
    refused: tokensNotFor("runs:read", "exports:read"),
    insider: (w) => tokenOf(w.munA.id, w.adminA, ["runs:read"]),
    served: async (res, _w, p) => {
      expect(res.status).toBe(200);
      expect((await res.json()).run.id).toBe(p.runId);
    },
  },
  {
    name: "rest.issueInvoices",
    prepare: async (w) => {
      await db().organization.update({ where: { id: w.esco.id }, data: { legalName: "ESCO S.r.l.", vatId: "IT01234567890", street: "Via 1", postcode: "20100", city: "Milano", countryCode: "IT" } });
      return settled(w);
    },
    call: (who, w, p) => rest(who, `/v1/communities/${w.communityA.slug}/runs/${p.runId}/invoices`, "POST"),
    refused: tokensNotFor("invoices:issue", "runs:read"),
    insider: (w) => tokenOf(w.esco.id, w.escoUser, ["invoices:issue"]),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect((await res.json()).invoices.length).toBeGreaterThan(0);
    },
  },
  {
    name: "app/me/export/route.ts",
    call: async (who, w) => handlers.meExport!(await request(who, `http://localhost/me/export?memberId=${w.memberA1.id}&format=json`)),
    refused: notA1,
    insider: async (w) => user(w.residentA1),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(w.memberA1.pseudonym);
    },
  },
  {
    name: "app/me/statement/route.ts",
    prepare: settled,
    call: async (who, w, p) => handlers.meStatement!(await request(who, `http://localhost/me/statement?memberId=${w.memberA1.id}&runId=${p.runId}`)),
    refused: notA1,
    insider: async (w) => user(w.residentA1),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    },
  },
  {
    name: "app/api/communities/[communityId]/uploads/route.ts",
    call: async (who, w) =>
      route(handlers.upload!, { communityId: w.communityA.id })(await request(who, "http://localhost/x", { method: "POST", headers: { "x-file-name": "tiny.csv" }, body: meterFile(w) })),
    refused: notStaffOfA,
    insider: async (w) => user(w.escoUser),
    served: async (res) => {
      expect(res.status).toBe(201);
      expect((await res.json()).fileName).toBe("tiny.csv");
    },
  },
  {
    name: "app/api/communities/[communityId]/runs/[runId]/export/route.ts",
    prepare: settled,
    call: async (who, w, p, query = "format=csv") => route(handlers.sessionExport!, { communityId: w.communityA.id, runId: p.runId! })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "operatorA asking an unknown format", caller: user(w.operatorA), status: 400, query: "format=pain009" }],
    insider: async (w) => user(w.operatorA),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    },
  },
  {
    name: "app/api/v1/communities/[slug]/runs/[runId]/export/route.ts",
    prepare: settled,
    call: async (who, w, p) => route(handlers.apiExport!, { slug: w.communityA.slug, runId: p.runId! })(await request(who, `http://localhost/x?format=json`)),
    refused: tokensNotFor("exports:read", "runs:read"),
    // The municipality's own token: its real scope (via the municipality), audited under its organization.
    insider: (w) => tokenOf(w.munA.id, w.adminA, ["exports:read"]),
    served: async (res, w, p) => {
      expect(res.status).toBe(200);
      expect((await res.json()).run.id).toBe(p.runId);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: p.runId, action: "billing.export", actorUserId: { startsWith: "api-token:" } } });
      expect(audit.orgId).toBe(w.munA.id);
    },
  },
  {
    name: "app/api/v1/communities/[slug]/imports/route.ts",
    call: async (who, w) =>
      route(handlers.apiImport!, { slug: w.communityA.slug })(await request(who, "http://localhost/x?dryRun=1&fileName=tiny.csv", { method: "POST", body: meterFile(w) })),
    refused: tokensNotFor("readings:import", "runs:read"),
    insider: (w) => tokenOf(w.esco.id, w.escoUser, ["readings:import"]),
    served: async (res) => {
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(200);
      expect(text).toContain("intervals");
    },
  },
  {
    // Community A has privacy threshold 5 and a run of 3 members: the export is for its members only.
    name: "app/c/[slug]/ledger/export/route.ts",
    prepare: settled,
    call: async (who, w) => route(handlers.ledgerExport!, { slug: w.communityA.slug })(await request(who, "http://localhost/x")),
    refused: async (w) => [
      { who: "anonymous", caller: null, status: 401 },
      { who: "adminB", caller: user(w.adminB), status: 403 },
    ],
    insider: async (w) => user(w.residentA1),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`"account":"PC:${w.memberA1.pseudonym}"`);
    },
  },
  {
    // Public: the feed is for anyone; an unknown address is the only refusal.
    name: "app/c/[slug]/checkpoints.json/route.ts",
    prepare: settled,
    call: async (who, w, p) => route(handlers.checkpointFeed!, { slug: p.slug ?? w.communityA.slug })(await request(who, "http://localhost/x")),
    refused: async () => [{ who: "anyone at an unknown address", caller: null, status: 404, params: { slug: "no-such-community" } }],
    insider: async () => null,
    served: async (res) => {
      expect(res.status).toBe(200);
      expect((await res.json()).checkpoints.length).toBe(1);
    },
  },
  {
    // Public: the signed checkpoint is for anyone; an unknown address is the only refusal.
    name: "app/c/[slug]/checkpoint/route.ts",
    prepare: settled,
    call: async (who, w, p) => route(handlers.signedCheckpoint!, { slug: p.slug ?? w.communityA.slug })(await request(who, "http://localhost/x")),
    refused: async () => [{ who: "anyone at an unknown address", caller: null, status: 404, params: { slug: "no-such-community" } }],
    insider: async () => null,
    served: async (res, w) => {
      expect(res.status).toBe(200);
      const note = await res.text();
      expect(note.split("\n")[0]).toMatch(new RegExp(`/c/${w.communityA.slug}$`));
      expect(note).toContain("\n\n\u2014 ");
    },
  },
  {
    // A resident's own PC entry as a tlog-proof: another resident and A's staff get 404, as for the other downloads.
    name: "app/me/tlog-proof/route.ts",
    prepare: async (w) => {
      const p = await settled(w);
      const entry = await db().ledgerEntry.findFirstOrThrow({ where: { communityId: w.communityA.id, account: `PC:${w.memberA1.pseudonym}` }, select: { seq: true } });
      return { ...p, seq: String(entry.seq) };
    },
    call: async (who, w, p) => handlers.meTlogProof!(await request(who, `http://localhost/me/tlog-proof?memberId=${w.memberA1.id}&seq=${p.seq}`)),
    refused: notA1,
    insider: async (w) => user(w.residentA1),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect((await res.text()).split("\n")[0]).toBe("c2sp.org/tlog-proof@v1");
    },
  },
];

// Route files whose access is tested elsewhere, and why.
const ROUTES_ELSEWHERE: Record<string, string> = {
  "app/api/trpc/[trpc]/route.ts": "the tRPC handler: every appRouter procedure has a case above",
  "app/api/v1/[...path]/route.ts": "the REST handler: every restApiRouter procedure has a rest.* case here",
  "app/api/auth/[...all]/route.ts": "better-auth's own sign-in endpoints (self sign-up is off: server/auth/auth.ts)",
  "app/api/openapi.json/route.ts": "the public API description, no data (rest-api.int.test.ts)",
  "app/api/witness/add-checkpoint/route.ts": "the tlog-witness protocol: the log's signature is its only authentication, and its plain-text answers (400, 403, 404, 409, 422) are each tested in server/witness/witness.int.test.ts",
};

async function expectRefused(res: Response, status: number, who: string) {
  const text = await res.text();
  expect(res.status, `${who}: ${text.slice(0, 200)}`).toBe(status);
  const body = JSON.parse(text) as { code: string; message: unknown; problems: unknown };
  expect(body, who).toEqual({ code: body.code, message: expect.any(String), problems: expect.any(Array) });
  expect(appErrorStatus(body.code as Parameters<typeof appErrorStatus>[0]), `${who}: code ${body.code}`).toBe(status);
}

describe("access control over HTTP: every REST endpoint and route handler refuses outsiders", () => {
  for (const c of httpCases) {
    it(`${c.name}: refused callers get their status and {code, message, problems}; the rightful caller is served`, async () => {
      const w = await makeWorld();
      const p = (await c.prepare?.(w)) ?? {};
      for (const r of await c.refused(w, p)) {
        await expectRefused(await c.call(r.caller, w, { ...p, ...r.params }, r.query), r.status, r.who);
      }
      await c.served(await c.call(await c.insider(w, p), w, p), w, p);
    });
  }

  it("every REST procedure and every app/**/route.ts has a case (add one when you add an endpoint or a route)", () => {
    const rest = Object.keys(restApiRouter._def.procedures).map((k) => `rest.${k}`);
    const routeFiles = (readdirSync("app", { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts")).map((f) => join("app", f).replaceAll("\\", "/"));
    const covered = [...httpCases.map((c) => c.name), ...Object.keys(ROUTES_ELSEWHERE)].sort();
    expect(covered).toEqual([...rest, ...routeFiles].sort());
  });
});
