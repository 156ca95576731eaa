// The resident portal against a real PostgreSQL: a community of 3 consumers (100 Wh per quarter hour)
// and one producer (150 Wh) settled for one day at 0.12 €/kWh, two of them with accounts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { fromHex, toHex } from "@/server/ledger/hex";
import { entryLine, type EntryKind } from "@/server/ledger/entry-line";
import { verifyProofLine } from "@/server/ledger/proof-json";
import { leafHash } from "@/server/ledger/verify-proof";
import { verifyCommunity } from "@/server/ledger/verify-community";
import { finalizeRun } from "@/server/settlement/finalize-run";
import { settlementWorld, writeReadings } from "@/server/settlement/test-settlement";
import { callerAs, makeUser } from "@/server/test/factories";
import { exportCsv, myExport } from "./export";
import { ownMember } from "./own-member";
import { myProofs } from "./proofs";
import { memberStatement } from "./statement";
import { statementLines, statementPdf } from "./statement-pdf";

const run = promisify(execFile);
// 2026-03-02 in Europe/Rome (UTC+1): 96 quarter hours from 23:00Z the day before.
const DAY = { start: "2026-03-02", end: "2026-03-03" };
const FROM = "2026-03-01T23:00:00Z";
const TO = "2026-03-02T23:00:00Z";

async function portalWorld() {
  const w = await settlementWorld([{}, {}, {}, { injection: true }]);
  for (const m of w.members.slice(0, 3)) await writeReadings(w.community.id, m.consumption!.id, FROM, TO, 100_000n);
  await writeReadings(w.community.id, w.members[3]!.injection!.id, FROM, TO, 150_000n);
  const [consumerUser, producerUser] = [await makeUser(), await makeUser()];
  const consumer = w.members[0]!.member;
  const producer = w.members[3]!.member;
  await db().member.update({ where: { id: consumer.id }, data: { userId: consumerUser.id, personal: { create: { name: "=HYPERLINK(\"http://evil\")", email: "anna@example.test", address: "Via Roma 1, Solaria" } } } });
  await db().member.update({ where: { id: producer.id }, data: { userId: producerUser.id } });
  const first = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
  return { ...w, consumer, producer, consumerUser, producerUser, first, asConsumer: callerAs(consumerUser), asProducer: callerAs(producerUser) };
}

describe("resident portal", () => {
  it("energy: 96 × 100 Wh → 9.6 kWh on local day 2026-03-02 (and in March); the producer's 96 × 150 Wh → 14.4 kWh injected", async () => {
    const w = await portalWorld();
    const day = await w.asConsumer.me.energy({ memberId: w.consumer.id, resolution: "day" });
    expect(day.buckets).toEqual([{ bucket: "2026-03-02", consumptionMWh: "9600000", injectionMWh: "0", intervals: 96 }]);
    const month = await w.asProducer.me.energy({ memberId: w.producer.id, resolution: "month" });
    expect(month.buckets).toEqual([{ bucket: "2026-03", consumptionMWh: "0", injectionMWh: "14400000", intervals: 96 }]);
  });

  it("credits: consumer allocated 4.8 kWh × 0.12 €/kWh = 0.576 € → pays 57 or 58 ¢; producer delivered 14.4 kWh → 1.728 € → 173 ¢", async () => {
    const w = await portalWorld();
    const c = await w.asConsumer.me.credits({ memberId: w.consumer.id });
    expect(c.periods).toHaveLength(1);
    const p = c.periods[0]!;
    expect(p).toMatchObject({ periodStart: "2026-03-02", periodEnd: "2026-03-03", version: 1, consumptionMWh: "9600000", allocatedMWh: "4800000", injectionMWh: "0", deliveredMWh: "0" });
    expect(p.flat).toEqual({ priceEurPerKWh: "0.12", debitExactEur: "0.576", creditExactEur: "0.00" });
    expect(["57", "58"]).toContain(p.debitCents);
    expect(p.pcCents).toBe(`-${p.debitCents}`);
    expect(c.ledger.entries.map((e) => [e.kind, e.amountCents, e.balanceAfterCents])).toEqual([["SHARED_ENERGY_DEBIT", `-${p.debitCents}`, `-${p.debitCents}`]]);

    const prod = await w.asProducer.me.credits({ memberId: w.producer.id });
    expect(prod.periods[0]).toMatchObject({ deliveredMWh: "14400000", creditCents: "173", pcCents: "173", flat: { priceEurPerKWh: "0.12", debitExactEur: "0.00", creditExactEur: "1.728" } });
    expect(prod.ledger.balanceCents).toBe("173");
  });

  it("proofs: each served proof verifies with the CLI's implementation and the real CLI; the line rebuilt from the fields hashes to the leaf", async () => {
    const w = await portalWorld();
    const served = await w.asProducer.me.proofs({ memberId: w.producer.id });
    expect(served.checkpoint).toMatchObject({ treeSize: "6" });
    expect(served.entries.map((e) => [e.seq, e.account])).toEqual([["5", `PC:${w.producer.pseudonym}`]]);
    for (const e of served.entries) {
      const line = entryLine({ ...e, seq: BigInt(e.seq), kind: e.kind as EntryKind, amountCents: BigInt(e.amountCents), energyMWh: BigInt(e.energyMWh), reversesSeq: e.reversesSeq ? BigInt(e.reversesSeq) : null, prevHash: fromHex(e.prevHash) });
      expect(line).toBe(e.line);
      expect(toHex(await leafHash(new TextEncoder().encode(line)))).toBe(e.storedHash);
      expect(e.proof.root).toBe(served.checkpoint!.root);
      expect(await verifyProofLine(JSON.stringify(e.proof))).toEqual({ valid: true });
    }
    const input = served.entries.map((e) => JSON.stringify(e.proof)).join("\n") + "\n" + JSON.stringify({ ...served.entries[0]!.proof, leafIndex: 5 });
    const child = execFile("node_modules/.bin/tsx", ["scripts/dajie.ts", "proof", "verify"], { env: process.env });
    child.stdin!.end(input);
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    await new Promise((resolve) => child.on("close", resolve));
    expect(stdout.trim().split("\n")).toEqual(['{"valid": true}', expect.stringMatching(/^\{"valid": false, "error": "proof leads to root/)]);
  }, 60_000); // runs the proof CLI as a child process (tsx and the server modules)

  it("another resident's member id is NOT_FOUND in every resident procedure, and no proof names another account", async () => {
    const w = await portalWorld();
    for (const call of [
      () => w.asConsumer.me.credits({ memberId: w.producer.id }),
      () => w.asConsumer.me.proofs({ memberId: w.producer.id }),
      () => w.asConsumer.me.energy({ memberId: w.producer.id, resolution: "day" }),
      () => w.asConsumer.me.requestErasure({ memberId: w.producer.id }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const mine = await w.asConsumer.me.proofs({ memberId: w.consumer.id });
    expect(mine.entries.length).toBe(1);
    expect(mine.entries.every((e) => e.account === `PC:${w.consumer.pseudonym}` && e.line.includes(`|PC:${w.consumer.pseudonym}|`))).toBe(true);
  });

  it("a correction: readings change, version 2 reverses version 1; the PC account shows debit, reversal and new debit (−87 ¢); every proof verifies against the new checkpoint", async () => {
    const w = await portalWorld();
    // The consumer used 200 Wh per quarter hour instead: 19.2 of 38.4 kWh demand, PV 14.4 kWh → 14.4 × 19.2/38.4 = 7.2 kWh;
    // 1.728 € over 86.4/43.2/43.2 ¢ → 86/43/43 plus the one remaining cent to the largest remainder → 87/43/43.
    await writeReadings(w.community.id, w.members[0]!.consumption!.id, FROM, TO, 200_000n);
    const second = await finalizeRun(db(), w.community.id, DAY, { kind: "scheduler" });
    expect(second.version).toBe(2);
    const c = await w.asConsumer.me.credits({ memberId: w.consumer.id });
    expect(c.periods).toHaveLength(1);
    expect(c.periods[0]).toMatchObject({ version: 2, allocatedMWh: "7200000", debitCents: "87", flat: { debitExactEur: "0.864" } });
    const kinds = c.ledger.entries.map((e) => e.kind);
    expect(kinds).toEqual(["SHARED_ENERGY_DEBIT", "REVERSAL", "SHARED_ENERGY_DEBIT"]);
    expect(c.ledger.balanceCents).toBe("-87");
    const proofs = await w.asConsumer.me.proofs({ memberId: w.consumer.id });
    expect(proofs.checkpoint!.treeSize).toBe(String(6 + 6 + 6));
    expect(proofs.entries).toHaveLength(3);
    for (const e of proofs.entries) expect(await verifyProofLine(JSON.stringify(e.proof))).toEqual({ valid: true });
  });

  it("export: JSON holds member, personal data, 96 readings, the run and the ledger entry; CSV neutralises a formula in the name", async () => {
    const w = await portalWorld();
    const me = await ownMember(db(), [w.consumer.id], w.consumer.id);
    const data = await myExport(db(), me);
    expect(data.member).toMatchObject({ pseudonym: w.consumer.pseudonym, personal: { email: "anna@example.test" } });
    expect(data.readings).toHaveLength(96);
    expect(data.readings[0]).toMatchObject({ intervalStart: "2026-03-01T23:00:00.000Z", energyMWh: "100000", intervalSeconds: 900 });
    expect(data.runs).toHaveLength(1);
    expect(data.ledgerEntries.map((e) => e.account)).toEqual([`PC:${w.consumer.pseudonym}`]);
    const csv = exportCsv(data, "member");
    expect(csv.split("\r\n")[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('"Via Roma 1, Solaria"');
    expect(exportCsv(data, "ledger").split("\r\n")[1]).toMatch(/^\d+,[0-9a-f-]{36},2026-03-02,2026-03-03,SHARED_ENERGY_DEBIT,PC:M-[^,]+,-5[78],4800000,,/);
    expect(exportCsv(data, "readings").split("\r\n")).toHaveLength(96 + 2);
  });

  it("statement: the producer's period as figures and as a PDF", async () => {
    const w = await portalWorld();
    const me = await ownMember(db(), [w.producer.id], w.producer.id);
    const s = await memberStatement(db(), me, w.first.runId);
    expect(s.entries.map((e) => [e.kind, e.amountCents])).toEqual([["SHARED_ENERGY_CREDIT", "173"]]);
    expect(s.balanceAfterCents).toBe("173");
    const text = JSON.stringify(statementLines(s));
    expect(text).toContain("14.400 kWh × €0.12 = €1.728, rounded €1.73");
    expect(text).toContain(`Balance of PC:${w.producer.pseudonym} after this period","€1.73"`);
    // In the resident's language: the same exact figures with the locale's decimal mark and words.
    const spaced = (l: "it" | "de" | "fr") => JSON.stringify(statementLines(s, l)).replace(/[\u00a0\u202f]/g, " ");
    expect(spaced("it")).toContain("14,400 kWh × 0,12 € = 1,728 €, arrotondato 1,73 €");
    expect(spaced("it")).toContain(`Saldo di PC:${w.producer.pseudonym} dopo questo periodo","1,73 €"`);
    expect(spaced("de")).toContain("14,400 kWh × 0,12 € = 1,728 €, gerundet 1,73 €");
    expect(spaced("fr")).toContain("Relevé du Prosumer Credit");
    const italianPdf = await statementPdf(s, { compress: false, locale: "it" });
    expect(italianPdf.toString("latin1")).toContain("/Lang (it)");
    const pdf = await statementPdf(s, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/\/Type \/Page\b/);
    // Another member's run id or a run of another community: not found.
    const consumerMe = await ownMember(db(), [w.consumer.id], w.consumer.id);
    await expect(memberStatement(db(), consumerMe, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("erasure: the resident asks (twice → one request), the municipality admin erases; member and pseudonym stay, the ledger still verifies, proofs still verify", async () => {
    const w = await portalWorld();
    const first = await w.asConsumer.me.requestErasure({ memberId: w.consumer.id });
    const again = await w.asConsumer.me.requestErasure({ memberId: w.consumer.id });
    expect(again.id).toBe(first.id);
    expect(await db().auditEvent.count({ where: { objectId: w.consumer.id, action: "member.erasure-request" } })).toBe(1);
    const admin = callerAs(w.admin);
    expect((await admin.member.get({ communityId: w.community.id, memberId: w.consumer.id })).erasure).toMatchObject({ doneAt: null });

    const before = await verifyCommunity(db(), w.community.id);
    expect(before.ok).toBe(true);
    const out = await admin.member.erase({ communityId: w.community.id, memberId: w.consumer.id });
    expect(out).toMatchObject({ pseudonym: w.consumer.pseudonym, accountUnlinked: true, accountDeleted: true });

    const m = await db().member.findUniqueOrThrow({ where: { id: w.consumer.id }, include: { personal: true } });
    expect(m).toMatchObject({ pseudonym: w.consumer.pseudonym, userId: null, personal: null });
    expect(await db().user.count({ where: { id: w.consumerUser.id } })).toBe(0);
    const got = await admin.member.get({ communityId: w.community.id, memberId: w.consumer.id });
    expect(got.personal).toEqual({ name: null, email: null, address: null });
    expect(got.erasure?.doneAt).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: w.consumer.id, action: "member.erase" } });
    expect(JSON.stringify(audit.after)).not.toContain("anna@example.test");

    // The ledger holds only pseudonyms: after erasure it verifies exactly as before.
    const after = await verifyCommunity(db(), w.community.id);
    expect(after).toMatchObject({ ok: true, entries: 6 });
    expect(after.ok && before.ok && after.root).toBe(before.ok && before.root);
    const proofs = await myProofs(db(), { ...m, community: { id: w.community.id, name: "x", slug: w.community.slug, timeZone: "Europe/Rome" } });
    for (const e of proofs.entries) expect(await verifyProofLine(JSON.stringify(e.proof))).toEqual({ valid: true });
    // Asking to erase an erased member again is a conflict, not a silent repeat.
    await expect(admin.member.erase({ communityId: w.community.id, memberId: w.consumer.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
