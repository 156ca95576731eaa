import { describe, expect, it } from "vitest";
import { AUDIT_CHAIN_START, AUDIT_ZERO_HASH, auditEventBytes, auditEventHash, checkAuditChain, type AuditChainEvent } from "./audit-chain";

const base = { id: "11111111-1111-4111-8111-111111111111", orgId: null, communityId: null, actorUserId: "u1", action: "member.update", objectType: "member", objectId: "m1", createdAt: "2026-03-01T10:00:00.000Z", requestId: null, before: null, after: '{"a": "é"}' };

function chain(n: number): AuditChainEvent[] {
  const out: AuditChainEvent[] = [];
  let prev = AUDIT_ZERO_HASH;
  for (let i = 1; i <= n; i++) {
    const e = { ...base, seq: String(i), prevHash: prev, objectId: `m${i}` };
    const hash = auditEventHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe("audit chain encoding", () => {
  it("fields are length-prefixed in UTF-8 bytes, NULL is '-': 'é' counts 2 bytes, so {\"a\": \"é\"} is 11", () => {
    const text = new TextDecoder().decode(auditEventBytes({ ...base, seq: "1", prevHash: AUDIT_ZERO_HASH }));
    expect(text).toBe(`dajie-audit/1\n1:1\n64:${AUDIT_ZERO_HASH}\n36:${base.id}\n-\n-\n2:u1\n13:member.update\n6:member\n2:m1\n24:2026-03-01T10:00:00.000Z\n-\n-\n11:{"a": "é"}\n`);
  });

  it("a newline inside a field cannot pass for a field boundary: 'a\\n1:b' in one field ≠ 'a' and 'b'", () => {
    const one = auditEventHash({ ...base, seq: "1", prevHash: AUDIT_ZERO_HASH, action: "a\n1:b", objectType: "" });
    const two = auditEventHash({ ...base, seq: "1", prevHash: AUDIT_ZERO_HASH, action: "a", objectType: "b" });
    expect(one).not.toBe(two);
  });
});

describe("checkAuditChain", () => {
  it("3 intact events → state seq 3 and the last hash", () => {
    const events = chain(3);
    expect(checkAuditChain(AUDIT_CHAIN_START, events)).toEqual({ seq: 3n, hash: events[2]!.hash });
  });
  it("checked in two pages → the same state", () => {
    const events = chain(3);
    const first = checkAuditChain(AUDIT_CHAIN_START, events.slice(0, 1));
    expect("problem" in first).toBe(false);
    expect(checkAuditChain(first as { seq: bigint; hash: string }, events.slice(1))).toEqual({ seq: 3n, hash: events[2]!.hash });
  });
  it("event 2 edited → event 2, hash mismatch", () => {
    const events = chain(3);
    events[1] = { ...events[1]!, action: "member.delete" };
    expect(checkAuditChain(AUDIT_CHAIN_START, events)).toMatchObject({ seq: "2", id: base.id, problem: expect.stringMatching(/^hash mismatch/) });
  });
  it("event 2 removed → event 3: seq 3 follows 1", () => {
    const events = chain(3);
    expect(checkAuditChain(AUDIT_CHAIN_START, [events[0]!, events[2]!])).toMatchObject({ seq: "3", problem: "seq 3 follows 1: events 2…2 are missing" });
  });
  it("event 2 re-hashed after an edit (its own hash fixed up) → event 3 names the broken link", () => {
    const events = chain(3);
    const edited = { ...events[1]!, action: "x" };
    events[1] = { ...edited, hash: auditEventHash(edited) };
    expect(checkAuditChain(AUDIT_CHAIN_START, events)).toMatchObject({ seq: "3", problem: expect.stringMatching(/^prev_hash [0-9a-f]{64} is not the hash of event 2/) });
  });
});
