// The RFC 3161 sink against a local timestamp authority (openssl ts -reply behind a tiny HTTP
// server on 127.0.0.1, keys made by openssl in a temp folder): a token is requested, stored and
// verified; a token for another statement, another trust anchor, a changed nonce or a flipped
// signature byte fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pkijs from "pkijs";
import { anchorWithTsa, timeStampRequest, verifyTsaReceipt } from "./tsa-sink";
import { checkpointStatement } from "./statement";
import { startLocalTsa, type LocalTsa } from "./test-tsa";

let tsa: LocalTsa;
beforeAll(async () => {
  tsa = await startLocalTsa();
}, 60_000); // openssl makes a CA and a TSA certificate and the local TSA starts: a few seconds, more on a busy machine
afterAll(() => tsa?.stop());

const statement = checkpointStatement({ communityId: "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10", treeSize: 108n, root: "a7".repeat(32) });
const other = checkpointStatement({ communityId: "0b6f4a52-5a0e-4c1e-9d51-2f0e8d3c7a10", treeSize: 108n, root: "a8".repeat(32) });

describe("RFC 3161 timestamp authority sink", () => {
  it("builds a DER TimeStampReq: version 1, SHA-256 imprint of the statement, our nonce, certReq", async () => {
    const der = timeStampRequest(statement, new Uint8Array([0x12, 0x34]));
    const req = pkijs.TimeStampReq.fromBER(der.slice().buffer);
    expect(req.version).toBe(1);
    expect(req.messageImprint.hashAlgorithm.algorithmId).toBe("2.16.840.1.101.3.4.2.1");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(statement)));
    expect(Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView).equals(Buffer.from(digest))).toBe(true);
    expect(Buffer.from(req.nonce!.valueBlock.valueHexView).toString("hex")).toBe("1234");
    expect(req.certReq).toBe(true);
  });

  it("gets a token from the local TSA that verifies against the CA", async () => {
    const before = tsa.requests;
    const receipt = await anchorWithTsa({ url: tsa.url, trustPem: tsa.caPem }, statement);
    expect(tsa.requests).toBe(before + 1);
    expect(receipt).toMatchObject({ sink: "tsa", url: tsa.url });
    expect(Math.abs(Date.parse(receipt.genTime) - Date.now())).toBeLessThan(60_000);
    expect(await verifyTsaReceipt(statement, receipt, tsa.caPem)).toMatchObject({ ok: true });

    expect(await verifyTsaReceipt(other, receipt, tsa.caPem)).toEqual({ ok: false, problem: "the token's message imprint is not the statement's SHA-256" });
    expect(await verifyTsaReceipt(statement, receipt, tsa.otherCaPem)).toMatchObject({ ok: false, problem: expect.stringMatching(/certificate/) });
    expect(await verifyTsaReceipt(statement, { ...receipt, nonce: "0badc0de" }, tsa.caPem)).toEqual({ ok: false, problem: "the token's nonce is not the one requested" });

    // Flip one bit of the CMS signature (the last bytes of the token belong to the signature value).
    const token = Buffer.from(receipt.token, "base64");
    token[token.length - 5]! ^= 0x01;
    expect(await verifyTsaReceipt(statement, { ...receipt, token: token.toString("base64") }, tsa.caPem)).toMatchObject({ ok: false });
  });

  it("an outage is an error, not a receipt", async () => {
    tsa.failing = true;
    try {
      await expect(anchorWithTsa({ url: tsa.url, trustPem: tsa.caPem }, statement)).rejects.toThrow("timestamp authority answered HTTP 503");
    } finally {
      tsa.failing = false;
    }
  });

  it("a token from a TSA outside the trust anchor is refused before it is stored", async () => {
    await expect(anchorWithTsa({ url: tsa.url, trustPem: tsa.otherCaPem }, statement)).rejects.toThrow(/timestamp token does not verify/);
  });
});
