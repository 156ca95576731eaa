// RFC 3161 timestamp authority sink (node). Builds the TimeStampReq with pkijs (SHA-256 message
// imprint of the statement, a random 64-bit nonce, certReq so the token carries the TSA's
// certificate), POSTs it as application/timestamp-query, checks the reply as verifyTsaReceipt does
// and keeps the token. Verification: the imprint is the statement's SHA-256, the nonce is ours, the
// CMS signature is valid and the signer's certificate chains to the configured trust anchor (PEM)
// and is a time-stamping certificate.
import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { toHex } from "@/server/ledger/hex";
import { statementBytes } from "./statement";
import type { ReceiptCheck, TsaReceipt } from "./receipts";

const SHA256_OID = "2.16.840.1.101.3.4.2.1";
const TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";
const EXT_KEY_USAGE = "2.5.29.37";

export interface TsaConfig {
  url: string;
  /** The trust anchor (PEM: one or more certificates) the TSA's certificate must chain to. */
  trustPem: string;
  timeoutMs?: number;
}

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const buffer = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;

/** The DER TimeStampReq for a statement (exported for tests). */
export function timeStampRequest(statement: string, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: buffer(sha256(statementBytes(statement))) }),
    }),
    nonce: new asn1js.Integer({ valueHex: buffer(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER());
}

export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new Error("no certificate in the TSA trust anchor PEM");
  return blocks.map((m) => pkijs.Certificate.fromBER(buffer(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")))));
}

export async function anchorWithTsa(config: TsaConfig, statement: string): Promise<TsaReceipt> {
  // A positive 64-bit nonce (top bit clear, so the DER INTEGER needs no sign byte).
  const nonce = new Uint8Array(randomBytes(8));
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  const res = await fetch(config.url, {
    method: "POST",
    headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
    body: timeStampRequest(statement, nonce) as Uint8Array<ArrayBuffer>,
    signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
  });
  if (!res.ok) throw new Error(`timestamp authority answered HTTP ${res.status}`);
  const body = new Uint8Array(await res.arrayBuffer());
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(buffer(body));
  } catch {
    throw new Error("timestamp authority's reply is not a TimeStampResp");
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) throw new Error(`timestamp authority refused the request (PKIStatus ${status}${resp.status.statusStrings ? `: ${resp.status.statusStrings.map((s) => s.valueBlock.value).join("; ")}` : ""})`);
  if (!resp.timeStampToken) throw new Error("timestamp authority granted the request but sent no token");
  const token = new Uint8Array(resp.timeStampToken.toSchema().toBER());
  const tst = tstInfoOf(token);
  const receipt: TsaReceipt = {
    sink: "tsa",
    url: config.url,
    nonce: toHex(nonce),
    genTime: tst.genTime.toISOString(),
    serial: toHex(tst.serialNumber.valueBlock.valueHexView),
    token: Buffer.from(token).toString("base64"),
  };
  const check = await verifyTsaReceipt(statement, receipt, config.trustPem);
  if (check.ok !== true) throw new Error(`timestamp token does not verify: ${check.problem}`);
  return receipt;
}

function signedDataOf(token: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(buffer(token));
  if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error("the token is not CMS SignedData");
  return new pkijs.SignedData({ schema: info.content });
}

function tstInfoOf(token: Uint8Array): pkijs.TSTInfo {
  const content = signedDataOf(token).encapContentInfo.eContent;
  if (!content) throw new Error("the token holds no TSTInfo");
  return pkijs.TSTInfo.fromBER(content.getValue());
}

const unsignedHex = (bytes: Uint8Array) => toHex(bytes).replace(/^(00)+(?=.)/, "");

export async function verifyTsaReceipt(statement: string, receipt: TsaReceipt, trustPem: string): Promise<ReceiptCheck> {
  try {
    const token = new Uint8Array(Buffer.from(receipt.token, "base64"));
    const tst = tstInfoOf(token);
    const data = statementBytes(statement);
    if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) return { ok: false, problem: "the token's message imprint is not SHA-256" };
    if (toHex(tst.messageImprint.hashedMessage.valueBlock.valueHexView) !== toHex(sha256(data))) return { ok: false, problem: "the token's message imprint is not the statement's SHA-256" };
    if (!tst.nonce || unsignedHex(tst.nonce.valueBlock.valueHexView) !== unsignedHex(new Uint8Array(Buffer.from(receipt.nonce, "hex")))) {
      return { ok: false, problem: "the token's nonce is not the one requested" };
    }
    if (tst.genTime.toISOString() !== receipt.genTime) return { ok: false, problem: "the receipt's time is not the token's" };
    const signed = signedDataOf(token);
    const result = await signed.verify({ signer: 0, data: buffer(data), trustedCerts: certificatesFromPem(trustPem), checkChain: true, extendedMode: true });
    if (!result.signatureVerified) return { ok: false, problem: `the token's signature does not verify${result.message ? `: ${result.message}` : ""}` };
    if (!result.signerCertificateVerified) return { ok: false, problem: "the TSA's certificate does not chain to the trust anchor" };
    const eku = result.signerCertificate?.extensions?.find((e) => e.extnID === EXT_KEY_USAGE)?.parsedValue as pkijs.ExtKeyUsage | undefined;
    if (!eku?.keyPurposes.includes(TIME_STAMPING_EKU)) return { ok: false, problem: "the signer's certificate is not a time-stamping certificate" };
    return { ok: true, detail: `timestamp token of ${tst.genTime.toISOString()}, serial ${receipt.serial}, signed by a certificate under the trust anchor` };
  } catch (e) {
    const err = e as { message?: string; signatureVerified?: boolean | null };
    return { ok: false, problem: `the token does not verify: ${err.message ?? String(e)}` };
  }
}
