import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerAs, makeCommunity, makeWorld } from "@/server/test/factories";
import { apiCommunityAccess, apiCommunityScope, authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";

const bearer = (token: string) => `Bearer ${token}`;

describe("API tokens", () => {
  it("create → the Bearer header authenticates as the organization; 256-bit token, 10-character prefix", async () => {
    const w = await makeWorld();
    const issued = await callerAs(w.adminA).apiToken.create({ orgId: w.munA.id, name: " Meter importer ", scopes: ["runs:read", "readings:import", "runs:read"] });
    expect(issued.token).toMatch(/^dj_[A-Za-z0-9_-]{43}$/); // 32 bytes base64url
    expect(issued.prefix).toBe(issued.token.slice(0, 10));
    expect(issued).toMatchObject({ name: "Meter importer", scopes: ["readings:import", "runs:read"] }); // trimmed, deduplicated, fixed order

    const who = await authenticateApiToken(db(), bearer(issued.token), "readings:import");
    expect(who).toEqual({ orgId: w.munA.id, tokenId: issued.id, scopes: ["readings:import", "runs:read"] });
    // The auth scheme is case-insensitive (RFC 7235).
    expect((await authenticateApiToken(db(), `bearer ${issued.token}`, "runs:read")).orgId).toBe(w.munA.id);
  });

  it("only the SHA-256 of the token is stored, and neither appears in the list or the audit log", async () => {
    const w = await makeWorld();
    const issued = await createApiToken(db(), { userId: w.adminA.id }, w.munA.id, { name: "Exports", scopes: ["exports:read"] });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(issued.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(issued.token); // no column holds the token itself
    expect(row.createdById).toBe(w.adminA.id);

    const listed = await listApiTokens(db(), w.munA.id);
    expect(listed).toEqual([{ id: issued.id, name: "Exports", prefix: issued.prefix, scopes: ["exports:read"], createdAt: row.createdAt.toISOString(), lastUsedAt: null, revokedAt: null }]);

    const audit = await db().auditEvent.findMany({ where: { objectId: issued.id } });
    expect(audit.map((a) => a.action)).toEqual(["api-token.create"]);
    const logged = JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)); // seq is a bigint (the audit chain)
    expect(logged).not.toContain(issued.token);
    expect(logged).not.toContain(row.tokenHash);
  });

  it("missing, malformed, unknown and revoked tokens → UNAUTHORIZED with one generic message", async () => {
    const w = await makeWorld();
    const issued = await createApiToken(db(), { userId: w.adminA.id }, w.munA.id, { name: "Importer", scopes: ["readings:import"] });
    const refused = { code: "UNAUTHORIZED", message: "Invalid or revoked API token" };
    const unknown = `dj_${"A".repeat(43)}`;
    for (const header of [null, "", issued.token, `Basic ${issued.token}`, `Bearer ${issued.token.slice(0, -1)}`, `Bearer ${issued.token}x`, `Bearer ${unknown}`, "Bearer dj_", `Bearer ${issued.token} extra`]) {
      await expect(authenticateApiToken(db(), header, "readings:import"), String(header)).rejects.toMatchObject(refused);
    }

    await revokeApiToken(db(), { userId: w.adminA.id }, w.munA.id, issued.id);
    await expect(authenticateApiToken(db(), bearer(issued.token), "readings:import")).rejects.toMatchObject(refused);
    expect((await listApiTokens(db(), w.munA.id))[0]?.revokedAt).not.toBeNull();
    await expect(revokeApiToken(db(), { userId: w.adminA.id }, w.munA.id, issued.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const actions = (await db().auditEvent.findMany({ where: { objectId: issued.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["api-token.create", "api-token.revoke"]);
  });

  it("a token without the needed scope → FORBIDDEN naming the scope", async () => {
    const w = await makeWorld();
    const issued = await createApiToken(db(), { userId: w.adminA.id }, w.munA.id, { name: "Reader", scopes: ["runs:read"] });
    await expect(authenticateApiToken(db(), bearer(issued.token), "readings:import")).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining('"readings:import"') });
  });

  it("scopes: at least one, only known ones", async () => {
    const w = await makeWorld();
    await expect(createApiToken(db(), { userId: w.adminA.id }, w.munA.id, { name: "None", scopes: [] })).rejects.toMatchObject({ code: "BAD_REQUEST", problems: [{ where: "scopes" }] });
    await expect(callerAs(w.adminA).apiToken.create({ orgId: w.munA.id, name: "Bad", scopes: ["admin" as "runs:read"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db().apiToken.count({ where: { orgId: w.munA.id } })).toBe(0);
  });

  it("lastUsedAt is written on first use, then at most once a minute", async () => {
    const w = await makeWorld();
    const issued = await createApiToken(db(), { userId: w.adminA.id }, w.munA.id, { name: "Busy", scopes: ["readings:import"] });
    await authenticateApiToken(db(), bearer(issued.token), "readings:import");
    const first = (await db().apiToken.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await Promise.all(Array.from({ length: 5 }, () => authenticateApiToken(db(), bearer(issued.token), "readings:import")));
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt).toEqual(first); // within the minute: no write

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db().apiToken.update({ where: { id: issued.id }, data: { lastUsedAt: twoMinutesAgo } });
    await authenticateApiToken(db(), bearer(issued.token), "readings:import");
    const refreshed = (await db().apiToken.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt!;
    expect(refreshed.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("revoking another organization's token → NOT_FOUND, and the token keeps working", async () => {
    const w = await makeWorld();
    const ofB = await createApiToken(db(), { userId: w.adminB.id }, w.munB.id, { name: "B's importer", scopes: ["readings:import"] });
    await expect(revokeApiToken(db(), { userId: w.adminA.id }, w.munA.id, ofB.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(w.adminA).apiToken.revoke({ orgId: w.munA.id, tokenId: ofB.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await authenticateApiToken(db(), bearer(ofB.token), "readings:import")).orgId).toBe(w.munB.id);
    expect(await listApiTokens(db(), w.munA.id)).toEqual([]);
  });

  it("community access by slug: the owning municipality and a serving ESCO get its id; others NOT_FOUND", async () => {
    const w = await makeWorld();
    const slug = w.communityA.slug;
    expect(await apiCommunityAccess(db(), w.munA.id, slug)).toBe(w.communityA.id);
    expect(await apiCommunityAccess(db(), w.esco.id, slug)).toBe(w.communityA.id);
    for (const org of [w.munB, w.otherEsco]) await expect(apiCommunityAccess(db(), org.id, slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(apiCommunityAccess(db(), w.munA.id, "no-such-community")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A second community of the same municipality is not served by the ESCO.
    const unserved = await makeCommunity(w.munA.id, w.adminA.id);
    await expect(apiCommunityAccess(db(), w.esco.id, unserved.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("community scope by slug: the real owner and relation — the municipality's token acts via the municipality, the ESCO's via the ESCO, both under the community's municipality", async () => {
    const w = await makeWorld();
    const slug = w.communityA.slug;
    expect(await apiCommunityScope(db(), w.munA.id, slug)).toEqual({ communityId: w.communityA.id, municipalityId: w.munA.id, via: "municipality", orgId: w.munA.id, role: "OPERATOR" });
    expect(await apiCommunityScope(db(), w.esco.id, slug)).toEqual({ communityId: w.communityA.id, municipalityId: w.munA.id, via: "esco", orgId: w.esco.id, role: "OPERATOR" });
    await expect(apiCommunityScope(db(), w.munB.id, slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
