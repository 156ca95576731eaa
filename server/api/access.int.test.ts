// Every tRPC procedure, REST endpoint and route handler, called by people who must not reach it: each
// gets exactly its refusal (UNAUTHORIZED when signed out; NOT_FOUND for whom the thing does not exist,
// FORBIDDEN for whom it does but who lack the right) and no data, while the rightful caller gets what it
// asked for — checked by content, or for a mutation by reading back the row it wrote. The coverage tests fail when a procedure, an endpoint or an app/**/route.ts file is
// added without a case here.
import { createHash, randomBytes } from "node:crypto";
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
import { PEER_HEADER } from "@/server/http/client-address";
import type { RouteHandler } from "@/server/http/route-edge";
import { saveUpload } from "@/server/metering/import/uploads";
import { readSheet, writeSheet } from "@/server/xlsx/sheet";
import { sendStatementMails } from "@/server/residents/statement-mails";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeCommunity, makeWorld } from "@/server/test/factories";
import { requestAs } from "@/server/test/sessions";

type World = Awaited<ReturnType<typeof makeWorld>>;
type User = World["adminA"];
type Caller = ReturnType<typeof callerAs>;

type Refusal = "NOT_FOUND" | "FORBIDDEN";
/** An outsider and the refusal they get: NOT_FOUND for whom the thing does not exist, FORBIDDEN for
 *  whom it does (they can see it) but who lack the right to do this. */
interface Outsider {
  user: User;
  code: Refusal;
}

interface Case<T = unknown> {
  path: string;
  insider: (w: World) => User;
  outsiders: (w: World) => Outsider[];
  /** Data the call needs, made once by the rightful caller before anyone calls. */
  prepare?: (w: World) => Promise<Record<string, string>>;
  call: (c: Caller, w: World, p: Record<string, string>) => Promise<T>;
  /** What the rightful caller must get: the answer's content, or for a mutation the row it wrote, read back. */
  served: (result: T, w: World, p: Record<string, string>) => void | Promise<void>;
}
/** A case whose `served` is typed by its `call`'s answer. */
const tcase = <T,>(c: Case<T>): Case => c as Case;

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
/** A day of readings for A's first member and a producer, so that community A has something to settle:
 *  each consumer 96 × 100 000 mWh = 9.6 kWh, the producer 96 × 150 000 mWh = 14.4 kWh, all of it shared
 *  (7.2 kWh to each consumer). */
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
/** As settled, with the ESCO's billing identity complete, so that invoices can be issued. */
async function invoiceable(w: World): Promise<Record<string, string>> {
  await db().organization.update({ where: { id: w.esco.id }, data: { legalName: "ESCO S.r.l.", vatId: "IT01234567890", street: "Via 1", postcode: "20100", city: "Milano", countryCode: "IT" } });
  return settled(w);
}

/** Community A with the market rule's tariffs (members' limits must lie within them). */
async function marketCommunity(w: World): Promise<Record<string, string>> {
  await db().community.update({ where: { id: w.communityA.id }, data: { ruleKind: "MARKET", ruleParams: { retailEurPerKWh: "0.25", feedInEurPerKWh: "0.06" } } });
  return {};
}

const IBAN = "IT60X0542811101000000123456";
const WITNESS_KEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
const LOG_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const memberBank = (w: World) => callerAs(w.adminA).member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { accountHolder: "A", iban: IBAN, mandateReference: `MND-${w.memberA1.id.slice(0, 8)}`, mandateSignedOn: "2026-01-01" } });
const day = (d: Date | null | undefined) => d?.toISOString().slice(0, 10) ?? null;

// Who is outside what: B's admin and everyone unrelated must not see community A (NOT_FOUND);
// ESCO users may read A (their ESCO serves it) and import its meter data, but never change the
// community, its members or metering points (FORBIDDEN: they see it); residents see only themselves.
const hidden = (...users: User[]): Outsider[] => users.map((user) => ({ user, code: "NOT_FOUND" }));
const forbidden = (...users: User[]): Outsider[] => users.map((user) => ({ user, code: "FORBIDDEN" }));
const notOfA = (w: World) => hidden(w.adminB, w.otherEscoUser, w.residentA1, w.platformAdmin, w.nobody);
const notManagersOfA = (w: World) => [...notOfA(w), ...forbidden(w.escoUser)];
const notConfiguratorsOfA = (w: World) => [...notManagersOfA(w), ...forbidden(w.operatorA)];
/** Finalizing and issuing invoices: the municipality's administrators and serving ESCOs, not municipal operators. */
const notSettlersOfA = (w: World) => [...notOfA(w), ...forbidden(w.operatorA)];
const notOfMunA = (w: World) => hidden(w.adminB, w.escoUser, w.residentA1, w.platformAdmin, w.nobody);
const notAdminsOfMunA = (w: World) => [...forbidden(w.operatorA), ...notOfMunA(w)];
const notPlatformAdmins = (w: World) => forbidden(w.adminA, w.adminB, w.escoUser, w.residentA1, w.nobody);
/** Everyone but resident A1, asking for A1's member: another resident, A's and B's admins, the ESCO. */
const notResidentA1 = (w: World) => hidden(w.residentA2, w.adminA, w.operatorA, w.adminB, w.escoUser, w.platformAdmin, w.nobody);

const cases: Case[] = [
  tcase({
    path: "witness.logs",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    prepare: async (w) => {
      const origin = `log.example/listed-${w.munA.id}`;
      await db().witnessedLog.create({ data: { origin, verifierKey: LOG_KEY, addedBy: "test" } });
      return { origin };
    },
    call: (c) => c.witness.logs(),
    served: (r, _w, p) => {
      expect(r.logs.map((l) => l.origin)).toContain(p.origin);
      expect(r.vkey).toMatch(/^\S+\+[0-9a-f]{8}\+\S+$/);
    },
  }),
  tcase({
    path: "witness.addLog",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c, w) => c.witness.addLog({ origin: `PeterNeumann-${w.munA.id.slice(0, 8)}`, verifierKey: LOG_KEY }),
    served: async (_r, w) => {
      const row = await db().witnessedLog.findUniqueOrThrow({ where: { origin: `PeterNeumann-${w.munA.id.slice(0, 8)}` } });
      expect([row.verifierKey, row.addedBy, row.treeSize]).toEqual([LOG_KEY, w.platformAdmin.id, 0n]);
    },
  }),
  tcase({
    path: "witness.removeLog",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    prepare: async (w) => {
      const origin = `log.example/${w.munA.id}`;
      await db().witnessedLog.create({ data: { origin, verifierKey: LOG_KEY, addedBy: "test" } });
      return { origin };
    },
    call: (c, _w, p) => c.witness.removeLog({ origin: p.origin! }),
    served: async (_r, _w, p) => expect(await db().witnessedLog.findUnique({ where: { origin: p.origin! } })).toBeNull(),
  }),
  tcase({
    path: "witness.community",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.witness.community({ communityId: w.communityA.id }),
    served: (r, w) => {
      expect(r.origin).toMatch(new RegExp(`/c/${w.communityA.slug}$`));
      expect(r.vkey.startsWith(`${r.origin}+`)).toBe(true);
      expect([r.quorum, r.witnesses, r.policy]).toEqual([0, [], `log ${r.vkey}\n\nquorum none\n`]);
    },
  }),
  tcase({
    path: "witness.addCommunityWitness",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.witness.addCommunityWitness({ communityId: w.communityA.id, name: "remora", verifierKey: WITNESS_KEY, url: "https://remora.n621.de/add-checkpoint" }),
    served: async (r, w) => {
      const row = await db().communityWitness.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.communityId, row.name, row.verifierKey]).toEqual([w.communityA.id, "remora", WITNESS_KEY]);
    },
  }),
  tcase({
    path: "witness.removeCommunityWitness",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: async (w) => {
      await db().communityWitness.create({ data: { communityId: w.communityA.id, name: "to-remove", verifierKey: WITNESS_KEY, url: "https://remora.n621.de/add-checkpoint" } });
      return {};
    },
    call: (c, w) => c.witness.removeCommunityWitness({ communityId: w.communityA.id, name: "to-remove" }),
    served: async (_r, w) => expect(await db().communityWitness.count({ where: { communityId: w.communityA.id, name: "to-remove" } })).toBe(0),
  }),
  tcase({
    // One witness listed, so a quorum of 1 is allowed (and differs from the default 0).
    path: "witness.setQuorum",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: async (w) => {
      await db().communityWitness.create({ data: { communityId: w.communityA.id, name: "remora", verifierKey: WITNESS_KEY, url: "https://remora.n621.de/add-checkpoint" } });
      return {};
    },
    call: (c, w) => c.witness.setQuorum({ communityId: w.communityA.id, quorum: 1 }),
    served: async (_r, w) => expect((await db().community.findUniqueOrThrow({ where: { id: w.communityA.id } })).witnessQuorum).toBe(1),
  }),
  tcase({
    path: "market.limits",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: async (w) => {
      await marketCommunity(w);
      await callerAs(w.adminA).market.setLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.20" }] });
      return {};
    },
    call: (c, w) => c.market.limits({ communityId: w.communityA.id }),
    served: (r, w) => expect(r.map((v) => [v.memberId, v.side, v.validFrom, v.bands.map((b) => b.priceEurPerKWh)])).toEqual([[w.memberA1.id, "BUY", "2026-03-01", ["0.200000"]]]),
  }),
  tcase({
    path: "market.setLimits",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: marketCommunity,
    call: (c, w) => c.market.setLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "BUY", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.20" }] }),
    served: async (_r, w) => {
      const rows = await db().marketLimit.findMany({ where: { communityId: w.communityA.id, memberId: w.memberA1.id } });
      expect(rows.map((l) => [l.side, day(l.validFrom), l.startMinute, l.endMinute, l.priceEurPerKWh.toFixed(2)])).toEqual([["BUY", "2026-03-01", 0, 1440, "0.20"]]);
    },
  }),
  tcase({
    path: "market.deleteLimits",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => {
      await marketCommunity(w);
      await callerAs(w.adminA).market.setLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "SELL", validFrom: "2026-03-01", bands: [{ from: "00:00", to: "24:00", priceEurPerKWh: "0.10" }] });
      return {};
    },
    call: (c, w) => c.market.deleteLimits({ communityId: w.communityA.id, memberId: w.memberA1.id, side: "SELL", validFrom: "2026-03-01" }),
    served: async (_r, w) => expect(await db().marketLimit.count({ where: { communityId: w.communityA.id, memberId: w.memberA1.id } })).toBe(0),
  }),
  tcase({
    path: "me.whoami",
    insider: (w) => w.adminA,
    outsiders: () => [],
    call: (c) => c.me.whoami(),
    served: (r, w) => {
      expect(r.user.id).toBe(w.adminA.id);
      expect([r.platformAdmin, r.residentOf, r.organizations.map((o) => [o.id, o.role])]).toEqual([false, false, [[w.munA.id, "ADMIN"]]]);
    },
  }),
  tcase({ path: "me.memberships", insider: (w) => w.residentA1, outsiders: () => [], call: (c) => c.me.memberships(), served: (r, w) => expect(r.map((m) => m.memberId)).toEqual([w.memberA1.id]) }),
  tcase({
    // A1's one day: 96 quarter hours × 100 000 mWh = 9 600 000 mWh consumed, on 2 March (Rome).
    path: "me.energy",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: settleable,
    call: (c, w) => c.me.energy({ memberId: w.memberA1.id, resolution: "day" }),
    served: (r) => expect(r.buckets).toEqual([{ bucket: "2026-03-02", consumptionMWh: "9600000", injectionMWh: "0", intervals: 96 }]),
  }),
  tcase({
    // 14 400 000 mWh shared by two consumers alike: 7 200 000 each; A1 pays it, so PC = −debit.
    path: "me.credits",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: settled,
    call: (c, w) => c.me.credits({ memberId: w.memberA1.id }),
    served: (r, w, p) => {
      expect([r.pseudonym, r.periods.map((x) => [x.runId, x.allocatedMWh])]).toEqual([w.memberA1.pseudonym, [[p.runId, "7200000"]]]);
      expect(r.periods[0]!.pcCents).toBe((-BigInt(r.periods[0]!.debitCents)).toString());
    },
  }),
  tcase({
    path: "me.marketLimits",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: marketCommunity,
    call: (c, w) => c.me.marketLimits({ memberId: w.memberA1.id }),
    served: (r) => expect([r.retailCt, r.feedInCt, r.buy, r.sell]).toEqual(["25", "6", null, null]),
  }),
  tcase({
    path: "me.setMarketLimit",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: marketCommunity,
    call: (c, w) => c.me.setMarketLimit({ memberId: w.memberA1.id, side: "BUY", priceCtPerKWh: "20" }),
    served: async (_r, w) => {
      const rows = await db().marketLimit.findMany({ where: { memberId: w.memberA1.id }, select: { side: true, startMinute: true, endMinute: true, priceEurPerKWh: true } });
      expect(rows.map((x) => [x.side, x.startMinute, x.endMinute, x.priceEurPerKWh.toFixed(2)])).toEqual([["BUY", 0, 1440, "0.20"]]);
    },
  }),
  tcase({
    // A1's readings are in March 2026: in the month before today A1 bought and sold nothing, either way.
    path: "me.previewMarketLimits",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: marketCommunity,
    call: (c, w) => c.me.previewMarketLimits({ memberId: w.memberA1.id, buyCtPerKWh: "20", sellCtPerKWh: null }),
    served: (r) => expect([r.current?.boughtMWh, r.proposed?.boughtMWh, r.proposed?.soldMWh, r.proposed?.winCents]).toEqual(["0", "0", "0", "0"]),
  }),
  tcase({
    path: "me.proofs",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: settled,
    call: (c, w) => c.me.proofs({ memberId: w.memberA1.id }),
    served: (r, w, p) => {
      expect([r.account, r.checkpoint?.runId, r.checkpoint?.treeSize]).toEqual([`PC:${w.memberA1.pseudonym}`, p.runId, "5"]);
      expect(r.entries.map((e) => [e.account, e.kind])).toEqual([[`PC:${w.memberA1.pseudonym}`, "SHARED_ENERGY_DEBIT"]]);
    },
  }),
  tcase({
    path: "me.bank",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: async (w) => (await memberBank(w), {}),
    call: (c, w) => c.me.bank({ memberId: w.memberA1.id }),
    served: (r, w) => expect(r).toEqual({ accountHolder: "A", iban: `IT60 ${"•".repeat(19)} 3456`, mandateReference: `MND-${w.memberA1.id.slice(0, 8)}`, mandateSignedOn: "2026-01-01", mandateScheme: "CORE" }),
  }),
  tcase({
    path: "me.requestErasure",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    call: (c, w) => c.me.requestErasure({ memberId: w.memberA1.id }),
    served: async (r, w) => {
      const row = await db().erasureRequest.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.memberId, row.requestedBy, row.doneAt]).toEqual([w.memberA1.id, w.residentA1.id, null]);
    },
  }),
  tcase({
    // A1 and A2 ask 100 Wh each of the producer's 150 Wh every quarter hour: 75 Wh each from the community.
    path: "me.day",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: settleable,
    call: (c, w) => c.me.day({ memberId: w.memberA1.id, day: "2026-03-02" }),
    served: (r) => expect([r?.intervals.length, r?.totals.consumptionMWh, r?.totals.fromCommunityMWh, r?.totals.fromGridMWh]).toEqual([96, "9600000", "7200000", "2400000"]),
  }),
  tcase({
    path: "me.deviceTokens",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: async (w) => ({ tokenId: (await callerAs(w.residentA1).me.createDeviceToken({ memberId: w.memberA1.id, name: "Sensor" })).id }),
    call: (c, w) => c.me.deviceTokens({ memberId: w.memberA1.id }),
    served: (r, _w, p) => expect(r.map((t) => t.id)).toEqual([p.tokenId]),
  }),
  tcase({
    path: "me.createDeviceToken",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    call: (c, w) => c.me.createDeviceToken({ memberId: w.memberA1.id, name: "Sensor" }),
    served: async (r, w) => expect((await db().deviceToken.findUniqueOrThrow({ where: { id: r.id } })).memberId).toBe(w.memberA1.id),
  }),
  tcase({
    path: "me.revokeDeviceToken",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    prepare: async (w) => ({ tokenId: (await callerAs(w.residentA1).me.createDeviceToken({ memberId: w.memberA1.id, name: "Sensor" })).id }),
    call: (c, w, p) => c.me.revokeDeviceToken({ memberId: w.memberA1.id, tokenId: p.tokenId! }),
    served: async (_r, _w, p) => expect((await db().deviceToken.findUniqueOrThrow({ where: { id: p.tokenId } })).revokedAt).not.toBeNull(),
  }),
  tcase({ path: "organization.mine", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.organization.mine(), served: (r, w) => expect(r.map((o) => [o.id, o.kind, o.role])).toEqual([[w.munA.id, "MUNICIPALITY", "ADMIN"]]) }),
  tcase({
    path: "organization.listAll",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c) => c.organization.listAll(),
    served: (r, w) => expect(r.find((o) => o.id === w.munA.id)).toMatchObject({ kind: "MUNICIPALITY", users: 2, communities: 1 }), // A's admin and operator
  }),
  tcase({
    path: "organization.create",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c) => c.organization.create({ name: "Comune Test", kind: "MUNICIPALITY" }),
    served: async (r) => expect(await db().organization.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ name: "Comune Test", kind: "MUNICIPALITY" }),
  }),
  tcase({
    path: "organization.inviteFirstAdmin",
    insider: (w) => w.platformAdmin,
    outsiders: notPlatformAdmins,
    call: (c, w) => c.organization.inviteFirstAdmin({ orgId: w.munA.id, email: `first-${w.munA.id.slice(0, 6)}@example.test` }),
    served: async (r, w) => {
      const inv = await db().invitation.findUniqueOrThrow({ where: { id: r.id } });
      expect([inv.orgId, inv.email, inv.role]).toEqual([w.munA.id, `first-${w.munA.id.slice(0, 6)}@example.test`, "ADMIN"]);
    },
  }),
  tcase({
    path: "organization.users",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.users({ orgId: w.munA.id }),
    served: (r, w) => expect(r.map((u) => [u.userId, u.role]).sort()).toEqual([[w.adminA.id, "ADMIN"], [w.operatorA.id, "OPERATOR"]].sort()),
  }),
  tcase({
    path: "organization.inviteUser",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.inviteUser({ orgId: w.munA.id, email: `op-${w.munA.id.slice(0, 6)}@example.test`, role: "OPERATOR" }),
    served: async (r, w) => {
      const inv = await db().invitation.findUniqueOrThrow({ where: { id: r.id } });
      expect([inv.orgId, inv.email, inv.role]).toEqual([w.munA.id, `op-${w.munA.id.slice(0, 6)}@example.test`, "OPERATOR"]);
    },
  }),
  // A reset link lets its holder into the account: A's admin for A's operator; a platform admin may too (password-reset.int.test.ts).
  tcase({
    path: "passwordReset.issue",
    insider: (w) => w.adminA,
    outsiders: (w) => [...forbidden(w.operatorA), ...hidden(w.adminB, w.escoUser, w.residentA1, w.nobody)],
    call: (c, w) => c.passwordReset.issue({ orgId: w.munA.id, userId: w.operatorA.id }),
    served: async (r, w) => {
      const resets = await db().passwordReset.findMany({ where: { userId: w.operatorA.id } });
      expect(resets.map((x) => [x.orgId, x.createdById, x.usedAt])).toEqual([[w.munA.id, w.adminA.id, null]]);
      expect(r.link).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    },
  }),
  tcase({
    path: "organization.bank",
    insider: (w) => w.operatorA,
    outsiders: notOfMunA,
    prepare: async (w) => (await callerAs(w.adminA).organization.setBank({ orgId: w.munA.id, bank: { accountHolder: "Comune", iban: IBAN, creditorId: "DE98ZZZ09999999999" } }), {}),
    call: (c, w) => c.organization.bank({ orgId: w.munA.id }),
    served: (r) => expect(r).toEqual({ accountHolder: "Comune", iban: IBAN, bic: null, creditorId: "DE98ZZZ09999999999" }),
  }),
  tcase({
    path: "organization.setBank",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.setBank({ orgId: w.munA.id, bank: { accountHolder: "Comune", iban: IBAN, creditorId: "DE98ZZZ09999999999" } }),
    served: async (_r, w) => expect(await db().organizationBankAccount.findUniqueOrThrow({ where: { orgId: w.munA.id } })).toMatchObject({ accountHolder: "Comune", iban: IBAN, creditorId: "DE98ZZZ09999999999" }),
  }),
  tcase({
    path: "organization.billingIdentity",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.billingIdentity({ orgId: w.munA.id }),
    served: (r, w) => expect([r.name, r.missing]).toEqual([w.munA.name, ["legal name", "VAT number", "street", "postcode", "city", "country"]]),
  }),
  tcase({
    path: "organization.setBillingIdentity",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.setBillingIdentity({ orgId: w.munA.id, identity: { legalName: "Comune di Prova", vatId: "IT00000000001", street: "Piazza 1", postcode: "00100", city: "Roma", countryCode: "IT", billingEmail: "" } }),
    served: async (r, w) => {
      expect(r.missing).toEqual([]);
      expect(await db().organization.findUniqueOrThrow({ where: { id: w.munA.id } })).toMatchObject({ legalName: "Comune di Prova", vatId: "IT00000000001", city: "Roma", countryCode: "IT" });
    },
  }),
  tcase({
    path: "organization.auditLog",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.auditLog({ orgId: w.munA.id }),
    served: (r, w) => expect(r.items.map((i) => [i.action, i.communityId])).toContainEqual(["community.create", w.communityA.id]),
  }),
  tcase({ path: "community.list", insider: (w) => w.adminA, outsiders: () => [], call: (c) => c.community.list(), served: (r, w) => expect(r.map((c) => [c.id, c.access])).toEqual([[w.communityA.id, "municipality"]]) }),
  tcase({
    path: "community.attention",
    insider: (w) => w.escoUser,
    outsiders: () => [],
    call: (c) => c.community.attention(),
    // The ESCO reaches only the community it serves, as an ESCO (member accounts are not its to manage).
    served: (r, w) => expect(r.map((c) => [c.communityId, c.via, c.items.some((i) => i.kind === "members-without-account")])).toEqual([[w.communityA.id, "esco", false]]),
  }),
  tcase({
    path: "community.get",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.community.get({ communityId: w.communityA.id }),
    served: (r, w) => expect([r.id, r.access, r.permissions.read, r.permissions.manage]).toEqual([w.communityA.id, "esco", true, false]),
  }),
  tcase({
    path: "community.create",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) =>
      c.community.create({
        orgId: w.munA.id,
        community: { name: "New", slug: `new-${w.munA.id.slice(0, 8)}`, timeZone: "Europe/Rome", intervalMinutes: 15, rule: { kind: "DYNAMIC" }, priceEurPerKWh: "0.1", privacyThreshold: 5 },
      }),
    served: async (r, w) => {
      const row = await db().community.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.municipalityId, row.name, row.slug]).toEqual([w.munA.id, "New", `new-${w.munA.id.slice(0, 8)}`]);
    },
  }),
  tcase({
    path: "community.update",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.community.update({ communityId: w.communityA.id, community: { ...w.communityA, intervalMinutes: 15, name: "Renamed", rule: { kind: "DYNAMIC" } } }),
    served: async (_r, w) => expect((await db().community.findUniqueOrThrow({ where: { id: w.communityA.id } })).name).toBe("Renamed"),
  }),
  tcase({
    path: "community.escoChoices",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.community.escoChoices({ communityId: w.communityA.id }),
    served: (r, w) => {
      expect(r.map((e) => e.id)).toEqual(expect.arrayContaining([w.esco.id, w.otherEsco.id]));
      expect(r.map((e) => e.id)).not.toContain(w.munB.id); // ESCOs only
    },
  }),
  tcase({
    // A is served by w.esco; the other ESCO replaces it.
    path: "community.setEscos",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.community.setEscos({ communityId: w.communityA.id, escoIds: [w.otherEsco.id] }),
    served: async (_r, w) => expect((await db().communityEsco.findMany({ where: { communityId: w.communityA.id } })).map((e) => e.escoId)).toEqual([w.otherEsco.id]),
  }),
  tcase({
    path: "member.list",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.member.list({ communityId: w.communityA.id }),
    served: (r, w) => {
      expect(r.map((m) => m.id).sort()).toEqual([w.memberA1.id, w.memberA2.id].sort());
      expect(r.map((m) => m.personal)).toEqual([null, null]); // the ESCO sees no personal data
    },
  }),
  tcase({
    path: "member.get",
    insider: (w) => w.operatorA,
    outsiders: notOfA,
    call: (c, w) => c.member.get({ communityId: w.communityA.id, memberId: w.memberA1.id }),
    served: (r, w) => expect([r.id, r.personal?.name, r.meteringPoints.map((p) => p.code)]).toEqual([w.memberA1.id, "Resident Name", [w.pointA1.code]]),
  }),
  tcase({
    path: "member.create",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.create({ communityId: w.communityA.id, member: { reference: `R-${w.memberA1.id.slice(0, 6)}`, kind: "CONSUMER", joinedOn: "2026-01-01" } }),
    served: async (r, w) => {
      const row = await db().member.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.communityId, row.reference, row.kind, day(row.joinedOn)]).toEqual([w.communityA.id, `R-${w.memberA1.id.slice(0, 6)}`, "CONSUMER", "2026-01-01"]);
    },
  }),
  tcase({
    path: "member.update",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.update({ communityId: w.communityA.id, memberId: w.memberA1.id, member: { reference: w.memberA1.reference, kind: "CONSUMER", joinedOn: "2026-01-01", name: "Changed" } }),
    served: async (_r, w) => {
      const row = await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id }, include: { personal: true } });
      expect([row.kind, row.personal?.name]).toEqual(["CONSUMER", "Changed"]);
    },
  }),
  tcase({
    path: "member.end",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.end({ communityId: w.communityA.id, memberId: w.memberA1.id, leftOn: "2026-06-01" }),
    served: async (_r, w) => expect(day((await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id } })).leftOn)).toBe("2026-06-01"),
  }),
  tcase({
    path: "member.erase",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.member.erase({ communityId: w.communityA.id, memberId: w.memberA1.id }),
    served: async (r, w) => {
      expect(r.memberId).toBe(w.memberA1.id);
      const row = await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id }, include: { personal: true } });
      expect([row.personal, row.userId]).toEqual([null, null]);
    },
  }),
  // Bank data is personal: the municipality reads it, its administrators set it; the ESCO never reads it here.
  tcase({
    path: "member.bank",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => (await memberBank(w), {}),
    call: (c, w) => c.member.bank({ communityId: w.communityA.id, memberId: w.memberA1.id }),
    served: (r, w) => expect(r).toMatchObject({ accountHolder: "A", iban: IBAN, mandateReference: `MND-${w.memberA1.id.slice(0, 8)}` }),
  }),
  tcase({
    path: "member.setBank",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.member.setBank({ communityId: w.communityA.id, memberId: w.memberA1.id, bank: { accountHolder: "A", iban: IBAN, mandateReference: `MND-${w.memberA1.id.slice(0, 8)}`, mandateSignedOn: "2026-01-01" } }),
    served: async (_r, w) => {
      const row = await db().memberBankAccount.findUniqueOrThrow({ where: { memberId: w.memberA1.id } });
      const mandate = await db().memberMandate.findFirstOrThrow({ where: { memberId: w.memberA1.id, revokedAt: null } });
      expect([row.iban, mandate.reference, mandate.scheme, day(mandate.signedOn)]).toEqual([IBAN, `MND-${w.memberA1.id.slice(0, 8)}`, "CORE", "2026-01-01"]);
    },
  }),
  tcase({
    path: "member.importCsv",
    insider: (w) => w.adminA,
    outsiders: notManagersOfA,
    call: (c, w) => c.member.importCsv({ communityId: w.communityA.id, csv: csv(`CSV-${w.memberA1.id.slice(0, 6)}`) }),
    served: async (r, w) => {
      expect(r).toEqual({ members: 1, meteringPoints: 0 });
      expect(await db().member.count({ where: { communityId: w.communityA.id, reference: `CSV-${w.memberA1.id.slice(0, 6)}`, kind: "CONSUMER" } })).toBe(1);
    },
  }),
  tcase({
    path: "meteringPoint.list",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.meteringPoint.list({ communityId: w.communityA.id }),
    served: (r, w) => expect(r.map((m) => m.code).sort()).toEqual([w.pointA1.code, w.pointA2.code].sort()),
  }),
  tcase({
    path: "meteringPoint.add",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) =>
      c.meteringPoint.add({ communityId: w.communityA.id, memberId: w.memberA1.id, point: { code: `IT${w.memberA1.id.slice(0, 8).toUpperCase()}`, direction: "INJECTION", capacityKw: "4.5", validFrom: "2026-02-01" } }),
    served: async (r, w) => {
      const row = await db().meteringPoint.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.memberId, row.code, row.direction, row.capacityKw.toString(), day(row.validFrom)]).toEqual([w.memberA1.id, `IT${w.memberA1.id.slice(0, 8).toUpperCase()}`, "INJECTION", "4.5", "2026-02-01"]);
    },
  }),
  tcase({
    path: "meteringPoint.close",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.meteringPoint.close({ communityId: w.communityA.id, pointId: w.pointA1.id, validTo: "2026-05-01" }),
    served: async (_r, w) => expect(day((await db().meteringPoint.findUniqueOrThrow({ where: { id: w.pointA1.id } })).validTo)).toBe("2026-05-01"),
  }),
  // Participation factors and moves of metering points and members (docs/adr/0009).
  tcase({
    path: "meteringPoint.factors",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: async (w) => {
      await db().participationFactor.create({ data: { communityId: w.communityA.id, meterId: w.pointA1.meterId, validFrom: new Date("2026-02-01"), basisPoints: 6000 } });
      return {};
    },
    call: (c, w) => c.meteringPoint.factors({ communityId: w.communityA.id, pointId: w.pointA1.id }),
    served: (r) => expect(r.versions).toEqual([{ validFrom: "2026-02-01", percent: "60", basisPoints: 6000 }]),
  }),
  tcase({
    path: "meteringPoint.setFactor",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.meteringPoint.setFactor({ communityId: w.communityA.id, pointId: w.pointA1.id, validFrom: "2026-03-01", percent: "33.33" }),
    served: async (r, w) => {
      expect(r).toEqual({ validFrom: "2026-03-01", percent: "33.33", basisPoints: 3333 });
      expect(await db().participationFactor.count({ where: { communityId: w.communityA.id, meterId: w.pointA1.meterId, basisPoints: 3333 } })).toBe(1);
    },
  }),
  tcase({
    path: "meteringPoint.move",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    call: (c, w) => c.meteringPoint.move({ communityId: w.communityA.id, pointId: w.pointA1.id, toMemberId: w.memberA2.id, from: "2026-03-01" }),
    served: async (r, w) => {
      expect(day((await db().meteringPoint.findUniqueOrThrow({ where: { id: w.pointA1.id } })).validTo)).toBe("2026-03-01");
      expect(await db().meteringPoint.findUniqueOrThrow({ where: { id: r.newPointId } })).toMatchObject({ memberId: w.memberA2.id, meterId: w.pointA1.meterId });
    },
  }),
  tcase({
    path: "meteringPoint.moveMember",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    // Another community of A's municipality to move to.
    prepare: async (w) => ({ target: (await makeCommunity(w.munA.id, w.adminA.id)).id }),
    call: (c, w, p) => c.meteringPoint.moveMember({ communityId: w.communityA.id, memberId: w.memberA1.id, toCommunityId: p.target!, from: "2026-03-01" }),
    served: async (r, w, p) => {
      expect(day((await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id } })).leftOn)).toBe("2026-03-01");
      expect(await db().member.findUniqueOrThrow({ where: { id: r.newMemberId } })).toMatchObject({ communityId: p.target! });
    },
  }),
  tcase({
    path: "invitation.inviteResident",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => {
      const fresh = await callerAs(w.adminA).member.create({ communityId: w.communityA.id, member: { reference: "INV-1", kind: "CONSUMER", joinedOn: today } });
      return { memberId: fresh.id };
    },
    call: (c, w, p) => c.invitation.inviteResident({ communityId: w.communityA.id, memberId: p.memberId!, email: `inv-${p.memberId!.slice(0, 6)}@example.test` }),
    served: async (r, _w, p) => {
      const inv = await db().invitation.findUniqueOrThrow({ where: { id: r.id } });
      expect([inv.memberId, inv.email, inv.revokedAt]).toEqual([p.memberId, `inv-${p.memberId!.slice(0, 6)}@example.test`, null]);
    },
  }),
  tcase({
    path: "invitation.list",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: residentInvitation,
    call: (c, w) => c.invitation.list({ communityId: w.communityA.id }),
    served: (r, _w, p) => expect(r.map((i) => i.id)).toEqual([p.invitationId]),
  }),
  tcase({
    path: "invitation.revoke",
    insider: (w) => w.adminA,
    outsiders: notManagersOfA,
    prepare: residentInvitation,
    call: (c, w, p) => c.invitation.revoke({ communityId: w.communityA.id, invitationId: p.invitationId! }),
    served: async (_r, _w, p) => expect((await db().invitation.findUniqueOrThrow({ where: { id: p.invitationId! } })).revokedAt).not.toBeNull(),
  }),
  tcase({
    // 0.1 + 0.2 + 0.3 + 0.4 kWh = 1000 Wh in four intervals; a preview writes nothing.
    path: "readingImport.preview",
    insider: (w) => w.adminA,
    outsiders: notOfA,
    prepare: meterUpload,
    call: (c, w, p) => c.readingImport.preview({ communityId: w.communityA.id, uploadId: p.uploadId!, options: {} }),
    served: async (r, w) => {
      expect([r.importable, r.channels.map((ch) => [ch.meteringPoint, ch.intervals, ch.totalWh])]).toEqual([4, [[w.pointA1.code, 4, "1000"]]]);
      expect(await db().reading.count({ where: { meteringPointId: w.pointA1.id } })).toBe(0);
    },
  }),
  // The ESCO serving the community imports meter data too (its own upload).
  tcase({
    path: "readingImport.import",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: (w) => meterUpload(w, w.escoUser),
    call: (c, w, p) => c.readingImport.import({ communityId: w.communityA.id, uploadId: p.uploadId!, options: {} }),
    served: async (r, w) => {
      expect(r.readingsNew).toBe(4);
      const rows = await db().reading.findMany({ where: { meteringPointId: w.pointA1.id }, orderBy: { intervalStart: "asc" } });
      expect(rows.map((x) => x.energyMWh)).toEqual([100_000n, 200_000n, 300_000n, 400_000n]);
    },
  }),
  tcase({
    path: "readingImport.mappings",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: savedMapping,
    call: (c, w) => c.readingImport.mappings({ communityId: w.communityA.id }),
    served: (r) => expect(r.map((m) => m.name)).toEqual(["old"]),
  }),
  tcase({
    path: "readingImport.saveMapping",
    insider: (w) => w.operatorA,
    outsiders: notOfA,
    call: (c, w) => c.readingImport.saveMapping({ communityId: w.communityA.id, name: "export", mapping: { unit: "Wh", intervalSeconds: 900, layout: { kind: "long", meteringPoint: "pod", timestamp: "start", energy: "wh" } } }),
    served: async (r, w) => expect((await db().csvMappingPreset.findUniqueOrThrow({ where: { communityId_name: { communityId: w.communityA.id, name: "export" } } })).id).toBe(r.id),
  }),
  tcase({
    path: "readingImport.deleteMapping",
    insider: (w) => w.adminA,
    outsiders: notOfA,
    prepare: savedMapping,
    call: (c, w) => c.readingImport.deleteMapping({ communityId: w.communityA.id, name: "old" }),
    served: async (_r, w) => expect(await db().csvMappingPreset.count({ where: { communityId: w.communityA.id } })).toBe(0),
  }),
  tcase({
    path: "readingImport.batches",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: async (w) => {
      const { uploadId } = await meterUpload(w);
      const r = await callerAs(w.adminA).readingImport.import({ communityId: w.communityA.id, uploadId: uploadId!, options: {} });
      return { batchId: r.batchId };
    },
    call: (c, w) => c.readingImport.batches({ communityId: w.communityA.id }),
    served: (r, _w, p) => expect(r.map((b) => [b.id, b.fileName])).toEqual([[p.batchId, "tiny.csv"]]),
  }),
  tcase({
    // A1's day of readings: 96 × 100 000 mWh on 2 March (Rome), nothing the days around it.
    path: "readingImport.readings",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: settleable,
    call: (c, w) => c.readingImport.readings({ communityId: w.communityA.id, meteringPointId: w.pointA1.id, from: "2026-03-01", to: "2026-03-04" }),
    served: (r) => expect(r.days.map((d) => [d.date, d.mwh, d.intervals])).toEqual([["2026-03-02", "9600000", 96]]),
  }),
  tcase({
    // No readings on 1 February (Rome, UTC+1): the whole local day, 96 quarter hours, is missing.
    path: "readingImport.gaps",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.readingImport.gaps({ communityId: w.communityA.id, meteringPointId: w.pointA1.id, from: "2026-02-01", to: "2026-02-02" }),
    served: (r) => expect(r.gaps).toEqual([{ start: "2026-01-31T23:00:00.000Z", end: "2026-02-01T23:00:00.000Z", intervals: 96 }]),
  }),
  tcase({
    path: "apiToken.list",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    prepare: apiTokenOfA,
    call: (c, w) => c.apiToken.list({ orgId: w.munA.id }),
    served: (r, _w, p) => {
      expect(r.map((t) => [t.id, t.name, t.scopes])).toEqual([[p.tokenId, "Listed", ["runs:read"]]]);
      expect(JSON.stringify(r)).not.toContain(p.token); // the secret is shown once, at creation
    },
  }),
  tcase({
    path: "apiToken.create",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.apiToken.create({ orgId: w.munA.id, name: "Importer", scopes: ["readings:import"] }),
    served: async (r, w) => {
      const row = await db().apiToken.findUniqueOrThrow({ where: { id: r.id } });
      expect([row.orgId, row.name, row.scopes, row.revokedAt, r.token.startsWith(row.prefix)]).toEqual([w.munA.id, "Importer", ["readings:import"], null, true]);
    },
  }),
  tcase({
    path: "apiToken.revoke",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    prepare: apiTokenOfA,
    call: (c, w, p) => c.apiToken.revoke({ orgId: w.munA.id, tokenId: p.tokenId! }),
    served: async (_r, _w, p) => expect((await db().apiToken.findUniqueOrThrow({ where: { id: p.tokenId! } })).revokedAt).not.toBeNull(),
  }),
  tcase({
    // No readings yet: only the current period, open.
    path: "settlement.periods",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.settlement.periods({ communityId: w.communityA.id }),
    served: (r) => expect(r.map((x) => [x.state, x.latestRun])).toEqual([["open", null]]),
  }),
  tcase({
    // Three members, 96 intervals; 2 × 9.6 kWh consumed, 14.4 kWh produced and all shared. Nothing is written.
    path: "settlement.preview",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: settleable,
    call: (c, w) => c.settlement.preview({ communityId: w.communityA.id, period: DAY }),
    served: async (r, w) => {
      expect([r.intervals, r.members.length, r.totals.consumptionMWh, r.totals.injectionMWh, r.totals.sharedMWh]).toEqual([96, 3, "19200000", "14400000", "14400000"]);
      expect(await db().settlementRun.count({ where: { communityId: w.communityA.id } })).toBe(0);
    },
  }),
  tcase({
    path: "settlement.finalize",
    insider: (w) => w.escoUser,
    outsiders: notSettlersOfA,
    prepare: settleable,
    call: (c, w) => c.settlement.finalize({ communityId: w.communityA.id, period: DAY }),
    served: async (r, w) => {
      const run = await db().settlementRun.findUniqueOrThrow({ where: { id: r.runId } });
      expect([r.created, r.version, run.communityId, run.startedBy, run.lastSeq]).toEqual([true, 1, w.communityA.id, w.escoUser.id, 5n]);
    },
  }),
  tcase({
    // The producer is owed money (a credit note), the two consumers owe (invoices).
    path: "billing.invoices",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: async (w) => {
      const p = await invoiceable(w);
      await callerAs(w.escoUser).billing.issueInvoices({ communityId: w.communityA.id, runId: p.runId! });
      return p;
    },
    call: (c, w, p) => c.billing.invoices({ communityId: w.communityA.id, runId: p.runId! }),
    served: (r) => expect(r.map((i) => [i.memberReference === "producer", i.type]).sort()).toEqual([[false, "INVOICE"], [false, "INVOICE"], [true, "CREDIT_NOTE"]]),
  }),
  tcase({
    // The run of the invoiceable world has 3 members with postings: 3 documents planned, none issued yet.
    path: "billing.issuePlan",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: invoiceable,
    call: (c, w, p) => c.billing.issuePlan({ communityId: w.communityA.id, runId: p.runId! }),
    served: (r) => expect(r).toEqual({ documents: 3, issued: 0, issuedBy: null, issuedAt: null }),
  }),
  tcase({
    path: "billing.issueInvoices",
    insider: (w) => w.escoUser,
    outsiders: notSettlersOfA,
    prepare: invoiceable,
    call: (c, w, p) => c.billing.issueInvoices({ communityId: w.communityA.id, runId: p.runId! }),
    served: async (r, _w, p) => {
      const rows = await db().invoice.findMany({ where: { runId: p.runId! }, orderBy: { seqNo: "asc" } });
      expect(rows.map((i) => i.number)).toEqual(r.map((i) => i.number));
      expect(rows.map((i) => i.type).sort()).toEqual(["CREDIT_NOTE", "INVOICE", "INVOICE"]);
    },
  }),
  tcase({
    path: "settlement.runs",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: settled,
    call: (c, w) => c.settlement.runs({ communityId: w.communityA.id }),
    served: (r, _w, p) => expect(r.map((x) => [x.id, x.version, x.superseded])).toEqual([[p.runId, 1, false]]),
  }),
  tcase({
    // Five entries: two consumers' debits, the producer's credit, and the community's two sides.
    path: "settlement.run",
    insider: (w) => w.adminA,
    outsiders: notOfA,
    prepare: settled,
    call: (c, w, p) => c.settlement.run({ communityId: w.communityA.id, runId: p.runId! }),
    served: (r, _w, p) => expect([r.id, r.totals.members, r.totals.sharedMWh, r.totals.entries]).toEqual([p.runId, 3, "14400000", 5]),
  }),
  tcase({
    path: "settlement.ledger",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: settled,
    call: (c, w) => c.settlement.ledger({ communityId: w.communityA.id }),
    served: (r, _w, p) => expect(r.entries.map((e) => [e.seq, e.runId])).toEqual(["5", "4", "3", "2", "1"].map((seq) => [seq, p.runId])),
  }),
  tcase({
    path: "settlement.memberLedger",
    insider: (w) => w.operatorA,
    outsiders: notOfA,
    prepare: settled,
    call: (c, w) => c.settlement.memberLedger({ communityId: w.communityA.id, memberId: w.memberA1.id }),
    served: (r, w) => {
      expect([r.account, r.entries.length]).toEqual([`PC:${w.memberA1.pseudonym}`, 1]);
      expect(r.balanceCents).toBe(r.entries[0]!.amountCents);
    },
  }),
  // Lists people can work with (issues 16 and 17): search, bulk invitation, XLSX import, the audit log's actor filter.
  tcase({
    path: "member.search",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.member.search({ communityId: w.communityA.id, search: w.pointA2.code.toLowerCase() }),
    // The ESCO finds A2 by its point id and sees no personal data.
    served: (r, w) => expect(r.map((m) => [m.id, m.personal])).toEqual([[w.memberA2.id, null]]),
  }),
  tcase({
    path: "member.importXlsx",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => ({ xlsx: Buffer.from(await writeSheet("Members", ["reference", "kind", "joined_on"], [[`XLSX-${w.memberA1.id.slice(0, 6)}`, "producer", "2026-01-01"]])).toString("base64") }),
    call: (c, w, p) => c.member.importXlsx({ communityId: w.communityA.id, xlsxBase64: p.xlsx! }),
    served: async (r, w) => {
      expect(r).toEqual({ members: 1, meteringPoints: 0 });
      expect(await db().member.count({ where: { communityId: w.communityA.id, reference: `XLSX-${w.memberA1.id.slice(0, 6)}`, kind: "PRODUCER" } })).toBe(1);
    },
  }),
  tcase({
    path: "meteringPoint.search",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    call: (c, w) => c.meteringPoint.search({ communityId: w.communityA.id, search: w.memberA1.reference }),
    served: (r, w) => expect(r.map((p) => p.code)).toEqual([w.pointA1.code]),
  }),
  tcase({
    path: "invitation.bulkInvite",
    insider: (w) => w.operatorA,
    outsiders: notManagersOfA,
    prepare: async (w) => ({ memberId: (await callerAs(w.adminA).member.create({ communityId: w.communityA.id, member: { reference: "BULK-1", kind: "CONSUMER", joinedOn: today, email: "bulk-1@example.test" } })).id }),
    call: (c, w, p) => c.invitation.bulkInvite({ communityId: w.communityA.id, memberIds: [p.memberId!, w.memberA1.id] }),
    served: async (r, w, p) => {
      expect(r.map((o) => [o.memberId, o.status === "skipped" ? o.reason : "issued"])).toEqual([[p.memberId, "issued"], [w.memberA1.id, "already has an account"]]);
      expect(await db().invitation.count({ where: { memberId: p.memberId!, email: "bulk-1@example.test" } })).toBe(1);
    },
  }),
  tcase({
    path: "organization.auditActors",
    insider: (w) => w.adminA,
    outsiders: notAdminsOfMunA,
    call: (c, w) => c.organization.auditActors({ orgId: w.munA.id }),
    served: (r, w) => expect(r.map((a) => a.id)).toContain(w.adminA.id),
  }),
  // Statement e-mails (issue 16): the resident's own opt-in; the send log for those who read the community.
  tcase({
    path: "me.statementMails",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    call: (c, w) => c.me.statementMails({ memberId: w.memberA1.id }),
    served: (r, w) => expect([r.enabled, r.locale, r.email]).toEqual([false, null, w.residentA1.email]),
  }),
  tcase({
    path: "me.setStatementMails",
    insider: (w) => w.residentA1,
    outsiders: notResidentA1,
    call: (c, w) => c.me.setStatementMails({ memberId: w.memberA1.id, enabled: true, locale: "it" }),
    served: async (r, w) => {
      expect([r.enabled, r.locale]).toEqual([true, "it"]);
      expect((await db().member.findUniqueOrThrow({ where: { id: w.memberA1.id } })).statementMailLocale).toBe("it");
    },
  }),
  tcase({
    path: "statementMail.log",
    insider: (w) => w.escoUser,
    outsiders: notOfA,
    prepare: async (w) => {
      await db().member.update({ where: { id: w.memberA1.id }, data: { statementMailLocale: "it" } });
      const p = await settled(w);
      await sendStatementMails(db(), p.runId!);
      return p;
    },
    call: (c, w) => c.statementMail.log({ communityId: w.communityA.id }),
    // The serving ESCO sees pseudonyms, not names (as on the member list).
    served: (r, w, p) => expect(r.runs.map((x) => [x.runId, x.mails.map((m) => [m.pseudonym, m.name, m.locale])])).toEqual([[p.runId, [[w.memberA1.pseudonym, null, "it"]]]]),
  }),
  // --- Joining a community (server/join/): the municipality's administrators (configure) only. ---
  tcase({
    path: "joinRequest.list",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: pendingJoinRequest,
    call: (c, w) => c.joinRequest.list({ communityId: w.communityA.id }),
    served: (r, _w, p) => expect(r.map((x) => [x.id, x.status, x.name])).toEqual([[p.requestId, "PENDING", "Applicant"]]),
  }),
  tcase({
    path: "joinRequest.approve",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: pendingJoinRequest,
    call: (c, w, p) => c.joinRequest.approve({ communityId: w.communityA.id, requestId: p.requestId!, reference: "JOIN-1", joinedOn: "2026-06-01" }),
    served: async (r, w, p) => {
      const member = await db().member.findUniqueOrThrow({ where: { id: r.memberId }, include: { meteringPoints: true } });
      expect([member.communityId, member.reference, member.meteringPoints.map((x) => x.code)]).toEqual([w.communityA.id, "JOIN-1", [p.code]]);
      expect((await db().joinRequest.findUniqueOrThrow({ where: { id: p.requestId } })).status).toBe("APPROVED");
    },
  }),
  tcase({
    path: "joinRequest.decline",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    prepare: pendingJoinRequest,
    call: (c, w, p) => c.joinRequest.decline({ communityId: w.communityA.id, requestId: p.requestId!, reason: "Outside the area." }),
    served: async (_r, _w, p) => expect(await db().joinRequest.findUniqueOrThrow({ where: { id: p.requestId }, select: { status: true, declineReason: true } })).toEqual({ status: "DECLINED", declineReason: "Outside the area." }),
  }),
  tcase({
    path: "joinRequest.settings",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.joinRequest.settings({ communityId: w.communityA.id }),
    served: (r) => expect([r.joinEnabled, r.documents]).toEqual([false, []]),
  }),
  tcase({
    path: "joinRequest.updateSettings",
    insider: (w) => w.adminA,
    outsiders: notConfiguratorsOfA,
    call: (c, w) => c.joinRequest.updateSettings({ communityId: w.communityA.id, joinEnabled: true, documents: { STATUTES: null, PRIVACY: { title: "Privacy", url: "https://example.test/privacy" } } }),
    served: async (_r, w) => {
      expect((await db().community.findUniqueOrThrow({ where: { id: w.communityA.id } })).joinEnabled).toBe(true);
      expect(await db().communityDocument.findMany({ where: { communityId: w.communityA.id }, select: { kind: true, version: true, url: true } })).toEqual([{ kind: "PRIVACY", version: 1, url: "https://example.test/privacy" }]);
    },
  }),
];

/** A fresh member of A with an open invitation. */
async function residentInvitation(w: World): Promise<Record<string, string>> {
  const member = await callerAs(w.adminA).member.create({ communityId: w.communityA.id, member: { reference: "REV-1", kind: "CONSUMER", joinedOn: today } });
  const inv = await callerAs(w.adminA).invitation.inviteResident({ communityId: w.communityA.id, memberId: member.id, email: `rev-${member.id.slice(0, 6)}@example.test` });
  return { invitationId: inv.id };
}
/** A confirmed (PENDING) join request in A for one new metering point (server/join/). */
async function pendingJoinRequest(w: World): Promise<Record<string, string>> {
  const code = `JOIN${w.communityA.id.slice(0, 8)}`.toUpperCase();
  const r = await db().joinRequest.create({
    data: { communityId: w.communityA.id, status: "PENDING", locale: "en", applicantType: "PRIVATE", name: "Applicant", email: `join-${w.communityA.id.slice(0, 8)}@example.test`, address: "Street 1", points: [{ code, direction: "CONSUMPTION", capacityKw: "0" }], tokenExpiresAt: new Date(), confirmedAt: new Date() },
  });
  return { requestId: r.id, code };
}
/** A's join page open with a privacy notice (version 1). */
async function openJoinPage(w: World): Promise<Record<string, string>> {
  const s = await callerAs(w.adminA).joinRequest.updateSettings({ communityId: w.communityA.id, joinEnabled: true, documents: { STATUTES: null, PRIVACY: { title: "Privacy", url: "https://example.test/privacy" } } });
  return { documentId: s.documents[0]!.id };
}
async function savedMapping(w: World): Promise<Record<string, string>> {
  await callerAs(w.adminA).readingImport.saveMapping({ communityId: w.communityA.id, name: "old", mapping: { unit: "Wh", layout: { kind: "long", timestamp: 0, energy: 1 } } });
  return {};
}
async function apiTokenOfA(w: World): Promise<Record<string, string>> {
  const t = await callerAs(w.adminA).apiToken.create({ orgId: w.munA.id, name: "Listed", scopes: ["runs:read"] });
  return { tokenId: t.id, token: t.token };
}

// Public procedures: for invitations and reset links the token is the permission (covered in
// invitations.int.test.ts and password-reset.int.test.ts);
// the transparency figures are for anyone, through the privacy rule (server/transparency/*.int.test.ts).
const PUBLIC = ["invitation.lookup", "invitation.accept", "passwordReset.lookup", "passwordReset.complete", "transparency.stats", "transparency.checkpoints"];

async function expectDenied(promise: Promise<unknown>, who: string, code: "UNAUTHORIZED" | Refusal) {
  const outcome = await promise.then(
    (data) => ({ data }),
    (err: unknown) => ({ err }),
  );
  if ("data" in outcome) throw new Error(`${who} was allowed and got ${JSON.stringify(outcome.data).slice(0, 200)}`);
  expect(outcome.err, who).toBeInstanceOf(TRPCError);
  expect((outcome.err as TRPCError).code, `${who}: ${(outcome.err as TRPCError).message}`).toBe(code);
}

describe("access control: every procedure refuses outsiders", () => {
  for (const c of cases) {
    it(`${c.path}: anonymous UNAUTHORIZED, outsiders NOT_FOUND or FORBIDDEN; the rightful caller gets what it asked`, async () => {
      const w = await makeWorld();
      const p = (await c.prepare?.(w)) ?? {};
      await expectDenied(c.call(callerAs(null), w, p), "anonymous", "UNAUTHORIZED");
      for (const { user: outsider, code } of c.outsiders(w)) {
        const role = Object.entries(w).find(([, v]) => v === outsider)?.[0] ?? outsider.id;
        await expectDenied(c.call(callerAs(outsider), w, p), role, code);
      }
      await c.served(await c.call(callerAs(c.insider(w)), w, p), w, p);
    });
  }

  it("ids from another community are not found through one's own community", async () => {
    const w = await makeWorld();
    const b = callerAs(w.adminB);
    const own = w.communityB.id;
    await expectDenied(b.member.get({ communityId: own, memberId: w.memberA1.id }), "member.get", "NOT_FOUND");
    await expectDenied(b.member.update({ communityId: own, memberId: w.memberA1.id, member: { reference: "X", kind: "CONSUMER", joinedOn: "2026-01-01" } }), "member.update", "NOT_FOUND");
    await expectDenied(b.member.end({ communityId: own, memberId: w.memberA1.id, leftOn: "2026-06-01" }), "member.end", "NOT_FOUND");
    await expectDenied(b.meteringPoint.add({ communityId: own, memberId: w.memberA1.id, point: { code: "IT0000X1", direction: "CONSUMPTION", capacityKw: "3", validFrom: "2026-02-01" } }), "meteringPoint.add", "NOT_FOUND");
    await expectDenied(b.meteringPoint.close({ communityId: own, pointId: w.pointA1.id, validTo: "2026-05-01" }), "meteringPoint.close", "NOT_FOUND");
    await expectDenied(b.meteringPoint.factors({ communityId: own, pointId: w.pointA1.id }), "meteringPoint.factors", "NOT_FOUND");
    await expectDenied(b.meteringPoint.setFactor({ communityId: own, pointId: w.pointA1.id, validFrom: "2026-03-01", percent: "10" }), "meteringPoint.setFactor", "NOT_FOUND");
    await expectDenied(b.meteringPoint.move({ communityId: own, pointId: w.pointA1.id, toMemberId: w.memberA2.id, from: "2026-03-01" }), "meteringPoint.move", "NOT_FOUND");
    await expectDenied(b.meteringPoint.moveMember({ communityId: own, memberId: w.memberA1.id, toCommunityId: w.communityA.id, from: "2026-03-01" }), "meteringPoint.moveMember", "NOT_FOUND");
    // A's administrator cannot move A's member into B's community (B is another municipality's: not found).
    await expectDenied(callerAs(w.adminA).meteringPoint.moveMember({ communityId: w.communityA.id, memberId: w.memberA1.id, toCommunityId: own, from: "2026-03-01" }), "meteringPoint.moveMember into B", "NOT_FOUND");
    await expectDenied(b.invitation.inviteResident({ communityId: own, memberId: w.memberA2.id, email: "x@example.test" }), "invitation.inviteResident", "NOT_FOUND");
    await expectDenied(b.readingImport.readings({ communityId: own, meteringPointId: w.pointA1.id }), "readingImport.readings", "NOT_FOUND");
    await expectDenied(b.readingImport.gaps({ communityId: own, meteringPointId: w.pointA1.id, from: "2026-02-01", to: "2026-02-02" }), "readingImport.gaps", "NOT_FOUND");
    const upload = await meterUpload(w); // A's admin's upload: not B's, and not A's operator's either
    await expectDenied(b.readingImport.preview({ communityId: own, uploadId: upload.uploadId!, options: {} }), "readingImport.preview", "NOT_FOUND");
    await expectDenied(callerAs(w.operatorA).readingImport.import({ communityId: w.communityA.id, uploadId: upload.uploadId!, options: {} }), "readingImport.import", "NOT_FOUND");
    const { runId } = await settled(w);
    await expectDenied(b.settlement.run({ communityId: own, runId: runId! }), "settlement.run", "NOT_FOUND");
    await expectDenied(b.settlement.memberLedger({ communityId: own, memberId: w.memberA1.id }), "settlement.memberLedger", "NOT_FOUND");
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
  const { GET: uploadProblems } = await import("@/app/api/communities/[communityId]/uploads/[uploadId]/problems/route");
  const { GET: sessionExport } = await import("@/app/api/communities/[communityId]/runs/[runId]/export/route");
  const { GET: apiExport } = await import("@/app/api/v1/communities/[slug]/runs/[runId]/export/route");
  const { POST: apiImport } = await import("@/app/api/v1/communities/[slug]/imports/route");
  const { GET: ledgerExport } = await import("@/app/c/[slug]/ledger/export/route");
  const { GET: checkpointFeed } = await import("@/app/c/[slug]/checkpoints.json/route");
  const { GET: signedCheckpoint } = await import("@/app/c/[slug]/checkpoint/route");
  const { GET: meTlogProof } = await import("@/app/me/tlog-proof/route");
  const { GET: publicCsv } = await import("@/app/c/[slug]/csv/route");
  const { GET: deviceReadings } = await import("@/app/api/v1/me/readings/route");
  const { GET: deviceShared } = await import("@/app/api/v1/me/shared/route");
  const { GET: deviceCredits } = await import("@/app/api/v1/me/credits/route");
  const { GET: deviceLatestDay } = await import("@/app/api/v1/me/latest-day/route");
  const { GET: membersExport } = await import("@/app/api/communities/[communityId]/members/export/route");
  const { GET: pointsExport } = await import("@/app/api/communities/[communityId]/metering-points/export/route");
  const { GET: auditExport } = await import("@/app/api/orgs/[orgId]/audit/export/route");
  const { GET: runsExport } = await import("@/app/api/communities/[communityId]/runs/export/route");
  const { GET: ledgerEntriesExport } = await import("@/app/api/communities/[communityId]/ledger/export/route");
  const { POST: passwordReset } = await import("@/app/api/password-reset/route");
  const { POST: joinSubmit } = await import("@/app/api/join/[slug]/route");
  const { POST: joinConfirm } = await import("@/app/api/join/confirm/route");
  return { joinSubmit, joinConfirm, passwordReset, membersExport, pointsExport, auditExport, runsExport, ledgerEntriesExport, meExport, meStatement, upload, uploadProblems, sessionExport, apiExport, apiImport, ledgerExport, checkpointFeed, signedCheckpoint, meTlogProof, publicCsv, deviceReadings, deviceShared, deviceCredits, deviceLatestDay } as Record<string, RouteHandler<Params>>;
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

/** A resident's device token for their member (GET /api/v1/me/…). */
const deviceTokenOf = async (u: User, memberId: string) => ({ token: (await callerAs(u).me.createDeviceToken({ memberId, name: "access test" })).token });
/** Device routes asked for A1's member: no token, an organization's API token (not a device token), A2's device token. */
const devicesNotA1 = async (w: World) => [
  { who: "no token", caller: null, status: 401 as const },
  { who: "A's API token", caller: await tokenOf(w.munA.id, w.adminA, ["runs:read"]), status: 401 as const },
  { who: "A2's device token", caller: await deviceTokenOf(w.residentA2, w.memberA2.id), status: 404 as const },
];
const deviceCall = (handler: string, path: string): Call => async (who, w) => handlers[handler]!(await request(who, `http://localhost/api/v1/me/${path}${path.includes("?") ? "&" : "?"}memberId=${w.memberA1.id}`));

/** Client addresses of the join route's calls (server/join/join-http.ts limits per address). */
let joinPeer = 0;

const httpCases: HttpCase[] = [
  {
    name: "app/api/v1/me/readings/route.ts",
    prepare: settleable,
    call: deviceCall("deviceReadings", "readings?day=2026-03-02"),
    refused: devicesNotA1,
    insider: (w) => deviceTokenOf(w.residentA1, w.memberA1.id),
    served: async (res) => {
      expect(res.status).toBe(200);
      const body = await res.json();
      expect([body.intervals.length, body.intervals[0].consumptionMWh]).toEqual([96, "100000"]);
    },
  },
  {
    name: "app/api/v1/me/shared/route.ts",
    prepare: settleable,
    call: deviceCall("deviceShared", "shared?day=2026-03-02"),
    refused: devicesNotA1,
    insider: (w) => deviceTokenOf(w.residentA1, w.memberA1.id),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect((await res.json()).totals.fromCommunityMWh).toBe("7200000");
    },
  },
  {
    name: "app/api/v1/me/credits/route.ts",
    prepare: settled,
    call: deviceCall("deviceCredits", "credits"),
    refused: devicesNotA1,
    insider: (w) => deviceTokenOf(w.residentA1, w.memberA1.id),
    served: async (res, _w, p) => {
      expect(res.status).toBe(200);
      expect((await res.json()).periods.map((x: { runId: string }) => x.runId)).toEqual([p.runId]);
    },
  },
  {
    name: "app/api/v1/me/latest-day/route.ts",
    prepare: settleable,
    call: deviceCall("deviceLatestDay", "latest-day"),
    refused: devicesNotA1,
    insider: (w) => deviceTokenOf(w.residentA1, w.memberA1.id),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect((await res.json()).day).toBe("2026-03-02");
    },
  },
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
    name: "app/api/communities/[communityId]/uploads/[uploadId]/problems/route.ts",
    // A's operator uploads 4 rows of a meter that is not in the community: the full list has all 4.
    prepare: async (w) => {
      const rows = ["00:00", "00:15", "00:30", "00:45"].map((t, i) => `AT9999,consumption,2026-02-01T${t}:00Z,0.${i + 1}`);
      const text = `metering_point,direction,start,kwh\n${rows.join("\n")}\n`;
      const upload = await saveUpload([Buffer.from(text)], { fileName: "stray.csv", communityId: w.communityA.id, userId: w.operatorA.id });
      return { uploadId: upload.uploadId };
    },
    call: async (who, w, p) => route(handlers.uploadProblems!, { communityId: w.communityA.id, uploadId: p.uploadId! })(await request(who, "http://localhost/x?options=%7B%7D")),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "adminA asking for operatorA's upload", caller: user(w.adminA), status: 404 }],
    insider: async (w) => user(w.operatorA),
    served: async (res) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      const rows = (await res.text()).trim().split("\r\n");
      expect(rows).toHaveLength(1 + 4);
      expect(rows[1]).toContain("unknown-metering-point");
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
  // Public page tables as CSV (issue 17, readable public page): anyone may download; an unknown address
  // is 404 and an unknown table 400. Community A is below its threshold (3 members, k = 5): every
  // figure of the file is "hidden: fewer than 5 members", none is a number.
  {
    name: "app/c/[slug]/csv/route.ts",
    prepare: settled,
    call: async (who, w, p, query = "table=energy&view=month") => route(handlers.publicCsv!, { slug: p.slug ?? w.communityA.slug })(await request(who, `http://localhost/x?${query}`)),
    refused: async () => [
      { who: "anyone at an unknown address", caller: null, status: 404, params: { slug: "no-such-community" } },
      { who: "anyone asking for an unknown table", caller: null, status: 400, query: "table=readings" },
    ],
    insider: async () => null,
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${w.communityA.slug}-energy-months.csv"`);
      const [header, ...rows] = (await res.text()).trim().split("\r\n");
      expect(header).toBe("period,from,to,partial,production_kwh,consumption_kwh,shared_kwh,self_sufficiency_percent,self_consumption_percent,surplus_kwh,avoided_co2_kg");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const figures = row.split(",").slice(4);
        expect(figures.every((c) => c === "" || c === "hidden: fewer than 5 members"), row).toBe(true);
        expect(figures).toContain("hidden: fewer than 5 members");
      }
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
  // Lists people can work with (issues 16 and 17): the member, metering point and audit log downloads.
  {
    name: "app/api/communities/[communityId]/members/export/route.ts",
    call: async (who, w, _p, query = "format=csv") => route(handlers.membersExport!, { communityId: w.communityA.id })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "escoUser asking an unknown format", caller: user(w.escoUser), status: 400, query: "format=ods" }, { who: "escoUser with an unknown filter value", caller: user(w.escoUser), status: 400, query: "format=csv&kind=ROBOT" }],
    // The ESCO may read the list, without personal data.
    insider: async (w) => user(w.escoUser),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="members.csv"');
      const text = await res.text();
      expect(text.split("\r\n")[0]).toBe("reference,kind,joined_on,metering_point,direction,capacity_kw,valid_from,valid_to,member_type,vat_status");
      expect(text).toContain(w.pointA1.code);
      expect(text).not.toContain("Resident Name");
    },
  },
  {
    name: "app/api/communities/[communityId]/metering-points/export/route.ts",
    call: async (who, w, _p, query = "format=xlsx") => route(handlers.pointsExport!, { communityId: w.communityA.id })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "operatorA with a bad sort", caller: user(w.operatorA), status: 400, query: "format=csv&sort=secret" }],
    insider: async (w) => user(w.operatorA),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      const rows = await readSheet(new Uint8Array(await res.arrayBuffer()));
      expect(rows.map((r) => r.cells[6]).slice(1).sort()).toEqual([w.pointA1.code, w.pointA2.code].sort());
      // The municipality's operator gets the personal columns.
      expect(rows[0]!.cells.slice(3, 6)).toEqual(["name", "email", "address"]);
    },
  },
  {
    name: "app/api/communities/[communityId]/runs/export/route.ts",
    prepare: settled,
    call: async (who, w, _p, query = "format=csv") => route(handlers.runsExport!, { communityId: w.communityA.id })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "escoUser with a bad year", caller: user(w.escoUser), status: 400, query: "format=csv&year=26" }],
    insider: async (w) => user(w.escoUser),
    served: async (res) => {
      expect(res.status).toBe(200);
      const lines = (await res.text()).trim().split("\r\n");
      expect([lines.length, lines[1]!.startsWith("2026-03-02,2026-03-03,1,no,")]).toEqual([2, true]);
    },
  },
  {
    name: "app/api/communities/[communityId]/ledger/export/route.ts",
    prepare: settled,
    call: async (who, w, _p, query = "format=xlsx") => route(handlers.ledgerEntriesExport!, { communityId: w.communityA.id })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [...(await notStaffOfA(w)), { who: "operatorA asking an unknown format", caller: user(w.operatorA), status: 400, query: "format=pdf" }],
    insider: async (w) => user(w.operatorA),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      const rows = await readSheet(new Uint8Array(await res.arrayBuffer()));
      expect(rows[0]!.cells.slice(0, 2)).toEqual(["seq", "period_start"]);
      expect(rows.some((r) => r.cells[5] === `PC:${w.memberA1.pseudonym}` && r.cells[6] === w.memberA1.reference)).toBe(true);
    },
  },
  {
    name: "app/api/orgs/[orgId]/audit/export/route.ts",
    call: async (who, w, _p, query = "format=csv") => route(handlers.auditExport!, { orgId: w.munA.id })(await request(who, `http://localhost/x?${query}`)),
    refused: async (w) => [
      { who: "anonymous", caller: null, status: 401 },
      { who: "adminB", caller: user(w.adminB), status: 404 },
      { who: "escoUser", caller: user(w.escoUser), status: 404 },
      { who: "operatorA (not an administrator)", caller: user(w.operatorA), status: 403 },
      { who: "adminA with a bad date", caller: user(w.adminA), status: 400, query: "format=csv&from=2026-02-30" },
    ],
    insider: async (w) => user(w.adminA),
    served: async (res, w) => {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain("Community created");
      expect(text).toContain(w.communityA.id);
    },
  },
  {
    // "Forgot password?" (issue 17): public by design, answers the same for any address; refused only
    // from a foreign page (403) or for a malformed address (400). Limits: password-reset-request.int.test.ts.
    name: "app/api/password-reset/route.ts",
    call: async (who, w, p) =>
      handlers.passwordReset!(
        await request(who, "http://localhost:3000/api/password-reset", {
          method: "POST",
          headers: { "content-type": "application/json", origin: p.origin ?? "http://localhost:3000", [PEER_HEADER]: "203.0.113.77" },
          body: JSON.stringify({ email: p.email ?? w.residentA1.email }),
        }),
      ),
    refused: async () => [
      { who: "a foreign page", caller: null, status: 403 as const, params: { origin: "https://evil.example" } as Params },
      { who: "not an e-mail address", caller: null, status: 400 as const, params: { email: "not-an-address" } as Params },
    ],
    insider: async () => null,
    served: async (res) => {
      expect(res.status).toBe(200);
      expect(Object.keys(await res.json())).toEqual(["mailConfigured"]);
    },
  },
  // --- Joining a community (server/join/): public routes; the open join page, or the e-mailed token, is the permission. ---
  {
    // Anyone may apply where the join page is open: an unknown or closed community is 404, a bad field 400.
    name: "app/api/join/[slug]/route.ts",
    prepare: openJoinPage,
    call: async (who, w, p) => {
      const body = { locale: "en", applicantType: "PRIVATE", name: "Applicant", email: `apply-${w.communityA.id.slice(0, 8)}@example.test`, address: "Street 1", points: [{ code: p.bad ? "x" : `APPLY${w.communityA.id.slice(0, 8)}`.toUpperCase(), direction: "CONSUMPTION" }], acceptedDocumentIds: [p.documentId], website: "" };
      // Each call from its own address: the route's per-address limit is not what this test is about.
      const headers = { "content-type": "application/json", "x-dajie-peer": `192.0.2.${++joinPeer}` };
      return route(handlers.joinSubmit!, { slug: p.slug ?? w.communityA.slug })(await request(who, "http://localhost/x", { method: "POST", headers, body: JSON.stringify(body) }));
    },
    refused: async (w) => [
      { who: "anyone at an unknown address", caller: null, status: 404 as const, params: { slug: "no-such-community" } as Params },
      { who: "anyone where the join page is closed (B)", caller: null, status: 404 as const, params: { slug: w.communityB.slug } as Params },
      { who: "anyone giving a malformed metering point code", caller: null, status: 400 as const, params: { bad: "1" } as Params },
    ],
    insider: async () => null,
    served: async (res, w) => {
      expect(res.status).toBe(202);
      expect((await db().joinRequest.findFirstOrThrow({ where: { communityId: w.communityA.id, email: `apply-${w.communityA.id.slice(0, 8)}@example.test` } })).status).toBe("UNCONFIRMED");
    },
  },
  {
    // The e-mailed token is the permission: an unknown (or used) one is 404, a malformed one 400.
    name: "app/api/join/confirm/route.ts",
    prepare: async (w) => {
      const token = randomBytes(32).toString("base64url");
      const r = await db().joinRequest.create({ data: { communityId: w.communityA.id, locale: "en", applicantType: "PRIVATE", name: "Applicant", email: "confirm@example.test", tokenHash: createHash("sha256").update(token).digest("hex"), tokenExpiresAt: new Date(Date.now() + 3_600_000) } });
      return { token, requestId: r.id };
    },
    call: async (who, _w, p) => handlers.joinConfirm!(await request(who, "http://localhost/api/join/confirm", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: p.token }) })),
    refused: async () => [
      { who: "anyone with an unknown token", caller: null, status: 404, params: { token: randomBytes(32).toString("base64url") } },
      { who: "anyone with a malformed token", caller: null, status: 400, params: { token: "short" } },
    ],
    insider: async () => null,
    served: async (res, _w, p) => {
      expect(res.status).toBe(200);
      expect((await db().joinRequest.findUniqueOrThrow({ where: { id: p.requestId } })).status).toBe("PENDING");
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
