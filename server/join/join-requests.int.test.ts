// Joining a community end to end against PostgreSQL and a local SMTP sink: the public submit and
// confirm routes (rate limit, honeypot, single-use expiring link), versioned documents, approval in one
// transaction (and a failing one leaving nothing), decline, purge, and the console's attention item.
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpSink, type ReceivedMail } from "@/server/test/smtp-sink";

const sink = await startSmtpSink();
// This file runs in its own module context, so the environment is read after these lines.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = "Dajie <no-reply@dajie.test>";
const { callerAs, makeWorld, unique, makeMember } = await import("@/server/test/factories");
const { db } = await import("@/server/db/client");
const { POST: submitRoute } = await import("@/app/api/join/[slug]/route");
const { POST: confirmRoute } = await import("@/app/api/join/confirm/route");
const { JOIN_SUBMITS_PER_HOUR } = await import("./join-http");
const { confirmJoinRequest, purgeJoinRequests, JOIN_CONFIRM_HOURS } = await import("./join-requests");
const { attentionFor } = await import("@/server/console/attention");
const { acceptInvitation } = await import("@/server/invitations/invitations");

afterAll(() => sink.close());

type World = Awaited<ReturnType<typeof makeWorld>>;
const IBAN = "DE89370400440532013000";

/** A's community with the join page open, statutes and privacy notice at version 1. */
async function openWorld() {
  const w = await makeWorld();
  const settings = await callerAs(w.adminA).joinRequest.updateSettings({
    communityId: w.communityA.id,
    joinEnabled: true,
    documents: { STATUTES: { title: "Statutes", url: "https://example.test/statutes-v1.pdf" }, PRIVACY: { title: "Privacy notice", url: "https://example.test/privacy-v1.html" } },
  });
  return { w, docIds: settings.documents.map((d) => d.id) };
}

function application(docIds: string[], over: Record<string, unknown> = {}) {
  const email = `${unique("applicant")}@example.test`;
  return {
    email,
    body: {
      locale: "it",
      applicantType: "FARMER",
      name: "Maria Rossi",
      email,
      address: "Via Roma 1\n00100 Roma",
      points: [
        { code: unique("IT001E").toUpperCase(), direction: "CONSUMPTION", capacityKw: "" },
        { code: unique("IT001E").toUpperCase(), direction: "INJECTION", capacityKw: "6.5" },
      ],
      acceptedDocumentIds: docIds,
      bank: { accountHolder: "Maria Rossi", iban: "de89 3704 0044 0532 0130 00" },
      mandateConsent: true,
      website: "",
      ...over,
    },
  };
}

let peer = 0;
/** A fresh client address per call unless given, so tests do not share the rate limit's bucket. */
const submit = (slug: string, body: unknown, address = `192.0.2.${++peer}`) =>
  submitRoute(new Request(`http://localhost/api/join/${slug}`, { method: "POST", headers: { "content-type": "application/json", "x-dajie-peer": address }, body: JSON.stringify(body) }), { params: Promise.resolve({ slug }) });
const confirm = (token: string) => confirmRoute(new Request("http://localhost/api/join/confirm", { method: "POST", headers: { "content-type": "application/json", "x-dajie-peer": "198.51.100.1" }, body: JSON.stringify({ token }) }));

/** The decoded text of the mails to `address` (quoted-printable undone). */
function mailsTo(address: string): string[] {
  const decode = (m: ReceivedMail) => {
    const qp = m.data.replace(/=\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < qp.length; i++) {
      const hex = qp[i] === "=" ? /^[0-9A-F]{2}/.exec(qp.slice(i + 1)) : null;
      if (hex) (bytes.push(parseInt(hex[0], 16)), (i += 2));
      else bytes.push(...Buffer.from(qp[i]!));
    }
    return Buffer.from(bytes).toString("utf8");
  };
  return sink.mails.filter((m) => m.to.some((t) => t.includes(address))).map(decode);
}
const tokenIn = (mail: string) => /\/join\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail)![1]!;

async function appliedAndConfirmed(w: World, docIds: string[], over: Record<string, unknown> = {}) {
  const a = application(docIds, over);
  expect((await submit(w.communityA.slug, a.body)).status).toBe(202);
  const [mail] = mailsTo(a.email);
  expect((await confirm(tokenIn(mail!))).status).toBe(200);
  const request = await db().joinRequest.findFirstOrThrow({ where: { communityId: w.communityA.id, email: a.email } });
  return { ...a, request };
}

describe("joining a community", () => {
  it("an application gets the confirmation link in Italian; the link confirms once (PENDING), a second time it is 404", async () => {
    const { w, docIds } = await openWorld();
    const a = application(docIds);
    const res = await submit(w.communityA.slug, a.body);
    expect([res.status, await res.json()]).toEqual([202, { received: true }]);
    const row = await db().joinRequest.findFirstOrThrow({ where: { email: a.email } });
    expect([row.status, row.locale, row.iban, row.tokenHash?.length]).toEqual(["UNCONFIRMED", "it", IBAN, 64]);
    // Unconfirmed: not shown to the administrators.
    expect(await callerAs(w.adminA).joinRequest.list({ communityId: w.communityA.id })).toEqual([]);

    const [mail] = mailsTo(a.email);
    expect(mail).toContain(`Hai chiesto di aderire alla comunit`);
    expect(mail).toContain(`http://localhost:3000/c/${w.communityA.slug}/join/confirm/`);
    const token = tokenIn(mail!);
    // Only the SHA-256 of the token is stored.
    expect(row.tokenHash).not.toContain(token);

    const ok = await confirm(token);
    expect([ok.status, (await ok.json()).slug]).toEqual([200, w.communityA.slug]);
    const again = await confirm(token);
    expect([again.status, (await again.json()).code]).toEqual([404, "NOT_FOUND"]);
    const list = await callerAs(w.adminA).joinRequest.list({ communityId: w.communityA.id });
    expect(list.map((r) => [r.status, r.name, r.bank?.iban, r.acceptedDocuments.map((d) => `${d.kind} v${d.version}`)])).toEqual([["PENDING", "Maria Rossi", IBAN, ["STATUTES v1", "PRIVACY v1"]]]);
  });

  it(`an expired link (${JOIN_CONFIRM_HOURS} h after sending) is 409 and leaves the request unconfirmed`, async () => {
    const { w, docIds } = await openWorld();
    const a = application(docIds);
    await submit(w.communityA.slug, a.body);
    const token = tokenIn(mailsTo(a.email)[0]!);
    const sentAt = (await db().joinRequest.findFirstOrThrow({ where: { email: a.email } })).createdAt;
    await expect(confirmJoinRequest(db(), token, new Date(sentAt.getTime() + JOIN_CONFIRM_HOURS * 3_600_000))).rejects.toMatchObject({ code: "CONFLICT" });
    // One millisecond earlier it still works.
    await expect(confirmJoinRequest(db(), token, new Date(sentAt.getTime() + JOIN_CONFIRM_HOURS * 3_600_000 - 1))).resolves.toMatchObject({ slug: w.communityA.slug });
    expect((await db().joinRequest.findFirstOrThrow({ where: { email: a.email } })).status).toBe("PENDING");
  });

  it("a filled honeypot gets the same 202 and stores and sends nothing", async () => {
    const { w, docIds } = await openWorld();
    const a = application(docIds, { website: "http://spam.example" });
    const res = await submit(w.communityA.slug, a.body);
    expect([res.status, await res.json()]).toEqual([202, { received: true }]);
    expect(await db().joinRequest.count({ where: { email: a.email } })).toBe(0);
    expect(mailsTo(a.email)).toEqual([]);
  });

  it(`${JOIN_SUBMITS_PER_HOUR} applications an hour per address: the ${JOIN_SUBMITS_PER_HOUR + 1}th is 429 with Retry-After (1..3600 s), stores nothing; another address is still served`, async () => {
    const { w, docIds } = await openWorld();
    for (let i = 0; i < JOIN_SUBMITS_PER_HOUR; i++) expect((await submit(w.communityA.slug, application(docIds).body, "203.0.113.7")).status).toBe(202);
    const extra = application(docIds);
    const refused = await submit(w.communityA.slug, extra.body, "203.0.113.7");
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(3600);
    expect((await refused.json()).code).toBe("TOO_MANY_REQUESTS");
    expect(await db().joinRequest.count({ where: { email: extra.email } })).toBe(0);
    expect((await submit(w.communityA.slug, extra.body, "203.0.113.8")).status).toBe(202);
  });

  it("bad fields are 400 naming them; a closed or unknown community is 404", async () => {
    const { w, docIds } = await openWorld();
    const bad = await submit(w.communityA.slug, application(docIds, { email: "not-an-address", points: [{ code: "x", direction: "CONSUMPTION" }], bank: { accountHolder: "M", iban: "DE00370400440532013000" } }).body);
    expect(bad.status).toBe(400);
    expect((await bad.json()).problems.map((p: { where: string }) => p.where).sort()).toEqual(["bank.iban", "email", "points.0.code"]);
    expect((await submit(w.communityB.slug, application([]).body)).status).toBe(404);
    expect((await submit("no-such-community", application([]).body)).status).toBe(404);
  });

  it("documents are versioned: a new link is version 2, the same one changes nothing; an application accepting v1 after that is 409, one accepting nothing 400", async () => {
    const { w, docIds } = await openWorld();
    const admin = callerAs(w.adminA);
    const communityId = w.communityA.id;
    const same = await admin.joinRequest.updateSettings({ communityId, joinEnabled: true, documents: { STATUTES: { title: "Statutes", url: "https://example.test/statutes-v1.pdf" }, PRIVACY: { title: "Privacy notice", url: "https://example.test/privacy-v1.html" } } });
    expect(same.history).toHaveLength(2);
    const changed = await admin.joinRequest.updateSettings({ communityId, joinEnabled: true, documents: { STATUTES: { title: "Statutes", url: "https://example.test/statutes-v2.pdf" }, PRIVACY: { title: "Privacy notice", url: "https://example.test/privacy-v1.html" } } });
    expect(changed.documents.map((d) => [d.kind, d.version, d.url])).toEqual([
      ["STATUTES", 2, "https://example.test/statutes-v2.pdf"],
      ["PRIVACY", 1, "https://example.test/privacy-v1.html"],
    ]);
    expect(changed.history.map((d) => `${d.kind} v${d.version}`)).toEqual(["STATUTES v2", "STATUTES v1", "PRIVACY v1"]);
    await expect(admin.joinRequest.updateSettings({ communityId, joinEnabled: true, documents: { STATUTES: null, PRIVACY: { title: "Privacy notice", url: "https://example.test/privacy-v1.html" } } })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const stale = await submit(w.communityA.slug, application(docIds).body);
    expect(stale.status).toBe(409);
    const none = await submit(w.communityA.slug, application([]).body);
    expect([none.status, (await none.json()).problems.map((p: { where: string }) => p.where)]).toEqual([400, ["documents.STATUTES", "documents.PRIVACY"]]);
    const current = changed.documents.map((d) => d.id);
    const { request } = await appliedAndConfirmed(w, current);
    expect((request.acceptedDocuments as { version: number; url: string }[]).map((d) => [d.version, d.url])).toEqual([
      [2, "https://example.test/statutes-v2.pdf"],
      [1, "https://example.test/privacy-v1.html"],
    ]);
  });

  it("approval creates, in one step, the member (consumption + injection → PROSUMER), its 2 points, the bank account with mandate, the acceptances and the invitation, e-mailed in the applicant's language", async () => {
    const { w, docIds } = await openWorld();
    const { email, body, request } = await appliedAndConfirmed(w, docIds, { locale: "de" });
    const approved = await callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: request.id, reference: "J-0001", joinedOn: "2026-06-01" });
    expect(approved.emailed).toBe(true);

    const member = await db().member.findUniqueOrThrow({ where: { id: approved.memberId }, include: { personal: true, meteringPoints: { orderBy: { direction: "asc" } }, bankAccount: true, mandates: true, acceptances: { include: { document: true } } } });
    // Applied as a farmer: the member's type is FARMER.
    expect([member.reference, member.kind, member.memberType, member.joinedOn.toISOString().slice(0, 10), member.personal?.name, member.personal?.email]).toEqual(["J-0001", "PROSUMER", "FARMER", "2026-06-01", "Maria Rossi", email]);
    expect(member.meteringPoints.map((p) => [p.code, p.direction, p.capacityKw.toFixed(3), p.validFrom.toISOString().slice(0, 10), p.validTo])).toEqual([
      [body.points[0]!.code, "CONSUMPTION", "0.000", "2026-06-01", null],
      [body.points[1]!.code, "INJECTION", "6.500", "2026-06-01", null],
    ]);
    expect(member.bankAccount?.iban).toBe(IBAN);
    expect(member.mandates.map((m) => [m.reference, m.scheme, m.signedOn.toISOString().slice(0, 10), m.revokedAt])).toEqual([[`DJ-${member.pseudonym}`, "CORE", request.mandateConsentAt!.toISOString().slice(0, 10), null]]);
    expect(member.acceptances.map((a) => [a.document.kind, a.document.version, a.acceptedAt.toISOString()]).sort()).toEqual([
      ["PRIVACY", 1, request.createdAt.toISOString()],
      ["STATUTES", 1, request.createdAt.toISOString()],
    ]);
    // The request keeps what was accepted; its personal columns moved to the member.
    const after = await db().joinRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect([after.status, after.memberId, after.name, after.email, after.address, after.iban, (after.acceptedDocuments as unknown[]).length]).toEqual(["APPROVED", member.id, null, null, null, null, 2]);
    const audit = await db().auditEvent.findMany({ where: { communityId: w.communityA.id, action: { in: ["join-request.approve", "invitation.create"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["invitation.create", "join-request.approve"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain("Maria Rossi");

    const mail = mailsTo(email).find((m) => m.includes("/invite/"))!;
    expect(mail).toContain("Ihr Antrag auf Beitritt zu");
    const invite = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail)![1]!;
    await acceptInvitation(db(), { token: invite, name: "Maria Rossi", password: "a-long-enough-password-42", sessionUserId: null });
    expect((await db().member.findUniqueOrThrow({ where: { id: member.id } })).userId).not.toBeNull();
    // Decided: no longer waiting.
    await expect(callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: request.id, reference: "J-0002", joinedOn: "2026-06-01" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a failing approval leaves nothing: the injection meter takes part in B with 100 % from 2026-01-01, approving from 2026-06-01 (another 100 %) → 400 naming the meter and B's share; no member, point, bank account, invitation or audit event; still PENDING", async () => {
    const { w, docIds } = await openWorld();
    const { body, email, request } = await appliedAndConfirmed(w, docIds);
    const other = await makeMember(w.communityB.id);
    await db().meteringPoint.create({ data: { communityId: w.communityB.id, memberId: other.id, code: body.points[1]!.code, direction: "INJECTION", capacityKw: "3", validFrom: new Date("2026-01-01") } });
    const count = async () => [await db().member.count({ where: { communityId: w.communityA.id } }), await db().meteringPoint.count({ where: { communityId: w.communityA.id } }), await db().memberBankAccount.count({ where: { member: { communityId: w.communityA.id } } }), await db().invitation.count({ where: { email } }), await db().auditEvent.count({ where: { communityId: w.communityA.id } })];
    const before = await count();
    const refused = callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: request.id, reference: "J-0003", joinedOn: "2026-06-01" });
    await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(new RegExp(`${body.points[1]!.code}.*100 %.*${w.communityB.name}`)) });
    expect(await count()).toEqual(before);
    const still = await db().joinRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect([still.status, still.memberId, still.name, still.decidedAt]).toEqual(["PENDING", null, "Maria Rossi", null]);
    expect(mailsTo(email).some((m) => m.includes("/invite/"))).toBe(false);
    // A reference already taken is refused the same way.
    const taken = await makeMember(w.communityA.id, { reference: "TAKEN" });
    await expect(callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: request.id, reference: taken.reference, joinedOn: "2026-06-01" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("decline: the applicant is told in French with the reason; the request is DECLINED and cannot be decided again", async () => {
    const { w, docIds } = await openWorld();
    const { email, request } = await appliedAndConfirmed(w, docIds, { locale: "fr" });
    const res = await callerAs(w.adminA).joinRequest.decline({ communityId: w.communityA.id, requestId: request.id, reason: "Votre compteur est hors du périmètre de la cabine primaire." });
    expect(res.emailed).toBe(true);
    const mail = mailsTo(email).at(-1)!;
    expect(mail).toContain("a été refusée");
    expect(mail).toContain("Votre compteur est hors du périmètre de la cabine primaire.");
    const row = await db().joinRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect([row.status, row.declineReason, row.decidedById]).toEqual(["DECLINED", "Votre compteur est hors du périmètre de la cabine primaire.", w.adminA.id]);
    await expect(callerAs(w.adminA).joinRequest.decline({ communityId: w.communityA.id, requestId: request.id, reason: "again" })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: request.id, action: "join-request.decline" } });
    expect(JSON.stringify(audit.after)).not.toContain("cabine");
  });

  it("purge after 30 days: a request declined 31 days ago is erased, one declined 29 days ago kept, an unconfirmed one with an expired link erased, an approved one kept", async () => {
    const { w, docIds } = await openWorld();
    const now = new Date("2030-01-31T12:00:00Z");
    const day = 86_400_000;
    const base = { communityId: w.communityA.id, locale: "en", applicantType: "PRIVATE" as const, tokenExpiresAt: new Date(now.getTime() + day) };
    const old = await db().joinRequest.create({ data: { ...base, status: "DECLINED", decidedAt: new Date(now.getTime() - 31 * day), decidedById: w.adminA.id, declineReason: "x", name: "Old" } });
    const recent = await db().joinRequest.create({ data: { ...base, status: "DECLINED", decidedAt: new Date(now.getTime() - 29 * day), decidedById: w.adminA.id, declineReason: "x", name: "Recent" } });
    const expired = await db().joinRequest.create({ data: { ...base, status: "UNCONFIRMED", tokenExpiresAt: new Date(now.getTime() - 1), name: "Never confirmed" } });
    const { request: approvedReq } = await appliedAndConfirmed(w, docIds);
    await callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: approvedReq.id, reference: "J-0004", joinedOn: "2026-06-01" });
    const before = await db().joinRequest.findMany({ where: { id: { in: [old.id, recent.id, expired.id, approvedReq.id] } }, select: { id: true } });
    expect(before).toHaveLength(4);
    const purged = await purgeJoinRequests(db(), now);
    expect(purged.declined).toBeGreaterThanOrEqual(1);
    const left = await db().joinRequest.findMany({ where: { id: { in: [old.id, recent.id, expired.id, approvedReq.id] } }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, approvedReq.id].sort());
  });

  it("the console's attention lists 2 waiting requests for A's admin (configure), nothing for A's operator", async () => {
    const { w, docIds } = await openWorld();
    await appliedAndConfirmed(w, docIds);
    await appliedAndConfirmed(w, docIds);
    // An unconfirmed one does not count.
    await submit(w.communityA.slug, application(docIds).body);
    const forAdmin = (await attentionFor(db(), w.adminA.id, new Date())).find((c) => c.communityId === w.communityA.id)!;
    expect(forAdmin.items.find((i) => i.kind === "join-requests")).toEqual({ kind: "join-requests", count: 2, href: `/console/communities/${w.communityA.id}/join-requests` });
    const forOperator = (await attentionFor(db(), w.operatorA.id, new Date())).find((c) => c.communityId === w.communityA.id)!;
    expect(forOperator.items.some((i) => i.kind === "join-requests")).toBe(false);
  });

  it("an unconfirmed request does not exist for the admin: approving it is NOT_FOUND", async () => {
    const { w, docIds } = await openWorld();
    const a = application(docIds);
    await submit(w.communityA.slug, a.body);
    const row = await db().joinRequest.findFirstOrThrow({ where: { email: a.email } });
    await expect(callerAs(w.adminA).joinRequest.approve({ communityId: w.communityA.id, requestId: row.id, reference: "J-0005", joinedOn: "2026-06-01" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
