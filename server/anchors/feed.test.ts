// The signed feed's key and signatures: node signs, WebCrypto (as in a browser) verifies; a changed
// statement, signature or key fails.
import { describe, expect, it } from "vitest";
import { feedKeyFrom, feedKeyFromSeed } from "./feed-key";
import { signForFeed } from "./feed-sink";
import { verifyFeedSignature } from "./feed-signature";
import { checkpointStatement, statementBytes } from "./statement";

const statement = checkpointStatement({ communityId: "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10", treeSize: 3n, root: "0f".repeat(32) });

describe("signed checkpoint feed", () => {
  it("RFC 8032 test 1: seed 9d61…7f60 has public key d75a…511a", () => {
    const key = feedKeyFromSeed(Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex"));
    expect(key.publicKey).toBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    expect(key.sign(new Uint8Array(0))).toBe("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  });

  it("signs with node and verifies with WebCrypto; tampering fails", async () => {
    const key = feedKeyFrom({ authSecret: "a".repeat(40) });
    const receipt = signForFeed(key, statement);
    expect(await verifyFeedSignature(statementBytes(statement), receipt)).toMatchObject({ ok: true });
    expect(await verifyFeedSignature(statementBytes(statement), receipt, key.publicKey)).toMatchObject({ ok: true });
    expect(await verifyFeedSignature(statementBytes(statement.replace(" 3 ", " 4 ")), receipt)).toEqual({ ok: false, problem: "the Ed25519 signature does not match the statement" });
    const flipped = (receipt.signature[0] === "0" ? "1" : "0") + receipt.signature.slice(1);
    expect(await verifyFeedSignature(statementBytes(statement), { ...receipt, signature: flipped })).toMatchObject({ ok: false });
    const stranger = feedKeyFrom({ authSecret: "b".repeat(40) });
    expect(await verifyFeedSignature(statementBytes(statement), signForFeed(stranger, statement), key.publicKey)).toMatchObject({ ok: false, problem: expect.stringMatching(/not by the expected feed key/) });
  });

  it("the derived key is stable for one secret and differs between secrets; a configured seed wins", () => {
    expect(feedKeyFrom({ authSecret: "a".repeat(40) }).publicKey).toBe(feedKeyFrom({ authSecret: "a".repeat(40) }).publicKey);
    expect(feedKeyFrom({ authSecret: "a".repeat(40) }).publicKey).not.toBe(feedKeyFrom({ authSecret: "b".repeat(40) }).publicKey);
    expect(feedKeyFrom({ authSecret: "a".repeat(40) }).derived).toBe(true);
    const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    expect(feedKeyFrom({ authSecret: "a".repeat(40), feedKey: seed })).toMatchObject({ derived: false, publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a" });
  });
});
