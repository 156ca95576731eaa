// "Forgot password?" through POST /api/password-reset with a local SMTP server: the neutral answer, the
// e-mailed single-use link (1 hour), the limits, and what a second request does to the first link.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpSink } from "@/server/test/smtp-sink";

const sink = await startSmtpSink();
// This file runs in its own module context, so the environment is read after these lines.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = "Dajie <no-reply@dajie.test>";
const { db } = await import("@/server/db/client");
const { PEER_HEADER } = await import("@/server/http/client-address");
const { addToOrg, callerAs, makeMember, makeOrg, makeUser, makeCommunity } = await import("@/server/test/factories");
const { auth } = await import("./auth");
const { authRouteHandler } = await import("./auth-route");
const { handleResetRequest } = await import("./password-reset-http");
const { RESET_REQUESTS_PER_ADDRESS, RESET_REQUESTS_PER_EMAIL, SELF_RESET_MINUTES } = await import("./password-reset-request");

const OLD_PASSWORD = "correct-horse-battery-staple-42";
const NEW_PASSWORD = "a-brand-new-passphrase-77";
const authRoute = authRouteHandler(auth);
let peerCount = 0;
const freshPeer = () => `198.51.100.${++peerCount}`;

async function userWithPassword(email?: string) {
  const user = await makeUser(email ? { email } : {});
  const hash = await (await auth().$context).password.hash(OLD_PASSWORD);
  await db().account.create({ data: { id: randomUUID(), accountId: user.id, providerId: "credential", userId: user.id, password: hash } });
  return user;
}

function ask(email: unknown, opts: { peer?: string; headers?: Record<string, string> } = {}) {
  const req = new Request("http://localhost:3000/api/password-reset", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: opts.peer ?? freshPeer(), ...opts.headers },
    body: JSON.stringify({ email }),
  });
  return handleResetRequest(db(), req, randomUUID());
}

const signIn = (email: string, password: string) =>
  authRoute.POST(new Request("http://localhost:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: freshPeer() }, body: JSON.stringify({ email, password }) }));

/** The decoded text of the newest mail to `email` (quoted-printable soft breaks undone). */
function lastMailTo(email: string) {
  const mails = sink.mails.filter((m) => m.to.some((t) => t.includes(email)));
  const raw = mails.at(-1)?.data;
  if (!raw) return undefined;
  const text = raw.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { count: mails.length, text: Buffer.from(text, "latin1").toString("utf8") };
}
const tokenIn = (text: string) => /\/reset\/([A-Za-z0-9_-]{40,})/.exec(text)?.[1];
const code = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e as TRPCError).code);

describe("forgot password", () => {
  afterAll(() => sink.close());

  it(`known address → neutral 200, one e-mail in Italian (Accept-Language it) with a link valid ${SELF_RESET_MINUTES} min; the link sets the new password once, the old one stops working; audited`, async () => {
    const user = await userWithPassword();
    const { response, delivery } = await ask(user.email.toUpperCase(), { headers: { "accept-language": "it-IT,it;q=0.9" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ mailConfigured: true });
    expect(await delivery).toBe(true);
    const mail = lastMailTo(user.email)!;
    expect(mail.count).toBe(1);
    expect(mail.text).toContain("Scegli una nuova password Dajie");
    const token = tokenIn(mail.text)!;
    expect(token).toBeDefined();
    const row = await db().passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).not.toBe(token); // only the hash is stored
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan((SELF_RESET_MINUTES - 1) * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(SELF_RESET_MINUTES * 60_000 + 1000);

    await callerAs(null).passwordReset.complete({ token, password: NEW_PASSWORD });
    expect((await signIn(user.email, OLD_PASSWORD)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
    expect(await code(callerAs(null).passwordReset.complete({ token, password: "yet-another-passphrase-88" }))).toBe("NOT_FOUND");
    const actions = (await db().auditEvent.findMany({ where: { objectId: user.id, action: { startsWith: "auth.password-reset" } } })).map((e) => e.action).sort();
    expect(actions).toEqual(["auth.password-reset.request", "auth.password-reset.use"]);
  });

  it("unknown address → the same 200 {mailConfigured: true} as a known one; no e-mail, no link stored", async () => {
    const email = `nobody-${randomUUID()}@example.test`;
    const before = await db().passwordReset.count();
    const { response, delivery } = await ask(email);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ mailConfigured: true });
    expect(await delivery).toBe(false);
    expect(lastMailTo(email)).toBeUndefined();
    expect(await db().passwordReset.count()).toBe(before);
  });

  it("the language the resident chose for statement e-mails (de) wins over the request's (it)", async () => {
    const org = await makeOrg("MUNICIPALITY");
    const admin = await makeUser();
    await addToOrg(admin.id, org.id, "ADMIN");
    const community = await makeCommunity(org.id, admin.id);
    const user = await userWithPassword();
    const member = await makeMember(community.id, { userId: user.id });
    await db().member.update({ where: { id: member.id }, data: { statementMailLocale: "de" } });
    const { delivery } = await ask(user.email, { headers: { "accept-language": "it" } });
    expect(await delivery).toBe(true);
    expect(lastMailTo(user.email)!.text).toContain("Jemand, hoffentlich Sie");
  });

  it("an expired link is refused and sets nothing", async () => {
    const user = await userWithPassword();
    await (await ask(user.email)).delivery;
    const token = tokenIn(lastMailTo(user.email)!.text)!;
    await db().passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(callerAs(null).passwordReset.complete({ token, password: NEW_PASSWORD }))).toBe("NOT_FOUND");
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(401);
  });

  it("a second request voids the first self-requested link (only the newest works) but not an administrator's link; using one voids the rest", async () => {
    const user = await userWithPassword();
    const org = await makeOrg("MUNICIPALITY");
    const admin = await makeUser();
    await addToOrg(admin.id, org.id, "ADMIN");
    await addToOrg(user.id, org.id, "OPERATOR");
    const adminToken = (await callerAs(admin).passwordReset.issue({ orgId: org.id, userId: user.id })).link.split("/reset/")[1]!;
    await (await ask(user.email)).delivery;
    const first = tokenIn(lastMailTo(user.email)!.text)!;
    await (await ask(user.email)).delivery;
    const second = tokenIn(lastMailTo(user.email)!.text)!;
    expect(second).not.toBe(first);
    expect(await code(callerAs(null).passwordReset.lookup({ token: first }))).toBe("NOT_FOUND");
    expect(await code(callerAs(null).passwordReset.lookup({ token: adminToken }))).toBe("OK");
    await callerAs(null).passwordReset.complete({ token: second, password: NEW_PASSWORD });
    expect(await code(callerAs(null).passwordReset.lookup({ token: adminToken }))).toBe("NOT_FOUND");
  });

  it(`limits: ${RESET_REQUESTS_PER_EMAIL} requests per e-mail address an hour (then 429 with Retry-After ≤ 3600 s, from any address); ${RESET_REQUESTS_PER_ADDRESS} per client address in 15 min (then 429 for any e-mail; another address still 200)`, async () => {
    const email = `limit-${randomUUID()}@example.test`;
    const byEmail: number[] = [];
    for (let i = 0; i <= RESET_REQUESTS_PER_EMAIL; i++) byEmail.push((await ask(email)).response.status);
    expect(byEmail).toEqual([...Array(RESET_REQUESTS_PER_EMAIL).fill(200), 429]);
    const refused = (await ask(email.toUpperCase())).response;
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(await refused.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });

    const peer = freshPeer();
    const byAddress: number[] = [];
    for (let i = 0; i <= RESET_REQUESTS_PER_ADDRESS; i++) byAddress.push((await ask(`addr-${i}-${randomUUID()}@example.test`, { peer })).response.status);
    expect(byAddress).toEqual([...Array(RESET_REQUESTS_PER_ADDRESS).fill(200), 429]);
    expect(Number((await ask(`x-${randomUUID()}@example.test`, { peer })).response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await ask(`y-${randomUUID()}@example.test`)).response.status).toBe(200);
  });

  it("not an e-mail → 400 naming the field; from a foreign page → 403; nothing sent", async () => {
    const bad = await ask("not-an-address").catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST", problems: [{ where: "email" }] });
    const user = await userWithPassword();
    const foreign = await ask(user.email, { headers: { origin: "https://evil.example" } }).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ code: "FORBIDDEN" });
    expect(lastMailTo(user.email)).toBeUndefined();
  });
});
