// The log and witness keys: origins from APP_URL or the override, one stable key per community,
// the witness's name and seed from the configuration.
import { describe, expect, it } from "vitest";
import { parseVerifierKey, SIG_COSIGNATURE_V1, SIG_ED25519, signerFromSeed } from "./c2sp/signed-note";
import { communityLogSigner, logOrigin, witnessSigner } from "./tlog-keys";

const config = { authSecret: "a-secret-of-at-least-thirty-two-characters", appUrl: "https://dajie.comune.example:8443/app" };
const a = { id: "11111111-1111-4111-8111-111111111111", slug: "sole", logOrigin: null };
const b = { id: "22222222-2222-4222-8222-222222222222", slug: "luna", logOrigin: null };

describe("log and witness keys", () => {
  it("origin = APP_URL's host (with port) + /c/ + slug, unless the community overrides it", () => {
    expect(logOrigin(config.appUrl, a)).toBe("dajie.comune.example:8443/c/sole");
    expect(logOrigin(config.appUrl, { ...a, logOrigin: "registro.comune.example/sole" })).toBe("registro.comune.example/sole");
  });

  it("one stable Ed25519 key per community, named by its origin; another community, another key; DAJIE_LOG_KEY changes them all", async () => {
    const [a1, a2, b1] = await Promise.all([communityLogSigner(config, a), communityLogSigner(config, a), communityLogSigner(config, b)]);
    expect(a1.vkey).toBe(a2.vkey);
    expect(a1.publicKey).not.toEqual(b1.publicKey);
    const parsed = await parseVerifierKey(a1.vkey);
    expect([parsed.name, parsed.type]).toEqual(["dajie.comune.example:8443/c/sole", SIG_ED25519]);
    const other = await communityLogSigner({ ...config, logKey: "ab".repeat(32) }, a);
    expect(other.publicKey).not.toEqual(a1.publicKey);
    // The key material follows the community id, not the origin: only the name (and so the key ID) changes.
    const renamed = await communityLogSigner(config, { ...a, logOrigin: "registro.comune.example/sole" });
    expect(renamed.publicKey).toEqual(a1.publicKey);
  });

  it("the witness: cosignature/v1 key named DAJIE_WITNESS_NAME or APP_URL's host; DAJIE_WITNESS_KEY is its seed", async () => {
    const derived = await witnessSigner(config);
    expect([derived.name, derived.type]).toEqual(["dajie.comune.example:8443", SIG_COSIGNATURE_V1]);
    const seeded = await witnessSigner({ ...config, witnessKey: "07".repeat(32), witnessName: "witness.comune.example" });
    expect(seeded.vkey).toBe((await signerFromSeed("witness.comune.example", SIG_COSIGNATURE_V1, new Uint8Array(32).fill(7))).vkey);
  });
});
