// Hostile input never becomes a 500: every tRPC procedure and every REST endpoint is called with
// generated inputs — arbitrary JSON, the right keys with wrong or extreme values (±1e308, 2^63, -0,
// NaN-like strings), 10 kB strings, odd unicode (U+0000, lone surrogates, RTL marks, emoji, U+2028),
// well-formed ids of nothing and ids of real things — by a signed-out caller, a municipality's
// administrator, a resident (and a platform administrator). Each answer must be a success or a refusal (a TRPCError other than
// INTERNAL_SERVER_ERROR; over HTTP a status below 500). Bounded: a fixed seed and 20 runs per caller.
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "@/server/api/root";
import { restApiRouter } from "@/server/api/rest/router";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { API_SCOPES } from "@/server/api-tokens/scopes";
import { db } from "@/server/db/client";
import { restApiHandler } from "@/server/http/rest-handler";
import { addToOrg, callerAs, makeUser, makeWorld } from "@/server/test/factories";

type World = Awaited<ReturnType<typeof makeWorld>>;
// FUZZ_RUNS and FUZZ_SEED widen a local hunt; the suite runs the fixed, bounded default.
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 12);

// --- values ---------------------------------------------------------------------------------------
const oddStrings = [
  "",
  " ",
  "a".repeat(10_000),
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDC00y",
  "\u202Eevil\u202C",
  "\u200F\u200E",
  "😀👩‍👩‍👧",
  "a\u2028b",
  "\u2029",
  "\uFEFF",
  "Ω≈ç√∫",
  "NaN",
  "Infinity",
  "-0",
  "1e308",
  "-1e308",
  "9223372036854775808",
  "-9223372036854775809",
  "0.0000000000000000000001",
  "2026-02-30",
  "0000-01-01",
  "9999-12-31",
  "2026-03-02",
  "00:00",
  "24:00",
  "../../etc/passwd",
  "'; DROP TABLE member; --",
  "<script>alert(1)</script>",
  "%00",
  "IT60X0542811101000000123456",
];
const oddNumbers = [0, -0, 1, -1, 0.5, 1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 31, -(2 ** 31) - 1, Number.NaN, Number.POSITIVE_INFINITY];

const anyString = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...oddStrings) }, fc.string({ unit: "binary", maxLength: 40 }), fc.uuid(), fc.string({ maxLength: 12 }));
const anyNumber = fc.oneof(fc.constantFrom(...oddNumbers), fc.double(), fc.integer());
const anyScalar = fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt());
const anyValue = fc.oneof(anyScalar, fc.jsonValue({ maxDepth: 2 }), fc.array(anyScalar, { maxLength: 3 }), fc.dictionary(anyString, anyScalar, { maxKeys: 3 }));

/** Real ids from the world, offered for string fields whose names ask for one (communityId, memberId, …). */
function realIds(w: World, extra: Record<string, string[]>): Record<string, string[]> {
  return {
    communityId: [w.communityA.id, w.communityB.id],
    memberId: [w.memberA1.id, w.memberA2.id, w.memberB1.id],
    orgId: [w.munA.id, w.esco.id, w.munB.id],
    municipalityId: [w.munA.id],
    escoId: [w.esco.id, w.otherEsco.id],
    meteringPointId: [w.pointA1.id, w.pointB1.id],
    pointId: [w.pointA1.id],
    userId: [w.adminA.id, w.residentA1.id],
    slug: [w.communityA.slug, w.communityB.slug],
    code: [w.pointA1.code],
    ...extra,
  };
}

/** A string that could pass the field's schema, by the field's name: a real id, a date, an email, … —
 *  so that most generated inputs get past validation and reach the services. */
function plausibleString(key: string, ids: Record<string, string[]>): fc.Arbitrary<string> {
  const real = ids[key];
  if (real?.length) return fc.oneof(fc.constantFrom(...real), fc.uuid());
  const k = key.toLowerCase();
  if (k.endsWith("id")) return fc.uuid();
  if (/(date|on$|from$|until$|start|end|day|month)/.test(k)) return fc.constantFrom("2026-03-02", "2026-03-01", "2026-04-01", "2026-03");
  if (k.includes("email")) return fc.constantFrom("fuzz@example.test", "a@b.c");
  if (k.includes("iban")) return fc.constant("IT60X0542811101000000123456");
  if (/(eur|price|kw|percent|amount|value)/.test(k)) return fc.constantFrom("0.20", "1", "0", "-1.5", "100000000000000000000.01");
  if (k === "from" || k === "to") return fc.constantFrom("00:00", "12:00", "24:00");
  return fc.oneof(fc.constantFrom("Fuzz", "solaria", "R001", "IT001E0001"), fc.string({ minLength: 1, maxLength: 20 }));
}

/** Values shaped by the schema (right keys, right-ish types) but drawn from the odd values above. */
function shaped(schema: z.ZodType | undefined, ids: Record<string, string[]>, key = "", depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyValue;
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (s: unknown) => shaped(s as z.ZodType, ids, key, depth + 1);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(shape)) rec[k] = fc.oneof({ weight: 12, arbitrary: shaped(s, ids, k, depth + 1) }, { weight: 1, arbitrary: anyValue });
      return fc.record(rec, { requiredKeys: [] });
    }
    case "string":
      return fc.oneof({ weight: 2, arbitrary: plausibleString(key, ids) }, { weight: 1, arbitrary: anyString });
    case "number":
    case "int":
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: anyNumber });
    case "bigint":
      return fc.oneof(fc.bigInt(), fc.constantFrom(2n ** 63n, -(2n ** 63n) - 1n, 10n ** 40n));
    case "boolean":
      return fc.oneof(fc.boolean(), anyValue);
    case "date":
      return fc.oneof(fc.date(), fc.constant(new Date(Number.NaN)), anyValue);
    case "enum":
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, string>)) }, { weight: 1, arbitrary: anyString });
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "array":
      return fc.array(inner(def.element), { maxLength: 4 });
    case "tuple":
      return fc.tuple(...(def.items as z.ZodType[]).map(inner));
    case "record":
      return fc.dictionary(anyString, inner(def.valueType), { maxKeys: 3 });
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return fc.oneof(inner(def.innerType), fc.constant(undefined), fc.constant(null));
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map(inner));
    case "intersection":
      return fc.tuple(inner(def.left), inner(def.right)).map(([l, r]) => (l && r && typeof l === "object" && typeof r === "object" ? { ...l, ...r } : l));
    case "pipe":
      return inner(def.in);
    case "lazy":
      return inner((def.getter as () => z.ZodType)());
    default:
      return anyValue;
  }
}

/** For a procedure: arbitrary JSON half as often as shaped values. */
function inputsFor(schema: z.ZodType | undefined, ids: Record<string, string[]>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: anyValue }, { weight: 2, arbitrary: shaped(schema, ids) });
}

const describeOutcome = (input: unknown) => {
  try {
    const s = JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    return s && s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(input);
  }
};

// --- tRPC -----------------------------------------------------------------------------------------
type Procedure = { _def: { type: string; inputs: z.ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

/** How the calls ended, across all procedures: printed, and checked to reach past validation. */
const outcomes = new Map<string, number>();
let w: World;
let ids: Record<string, string[]>;
beforeAll(async () => {
  w = await makeWorld();
  ids = realIds(w, {});
});

/** Inputs that once answered 500, replayed first on every run. */
const found = (w: World): Record<string, unknown[]> => ({
  "passwordReset.issue": [{ orgId: "687916b5-000f-1000-8154-c346fbfea319", userId: w.residentA1.id }], // an organization that does not exist: a foreign key violation
  "witness.removeLog": [{ origin: "\u0000" }], // NUL into a PostgreSQL text
  "settlement.ledger": [{ communityId: w.communityA.id, account: "\u0000" }], // NUL into a WHERE on a text column
});

describe("no tRPC procedure answers 500 to generated input (anonymous, a municipality's admin, a resident, a platform admin)", () => {
  it("the router has procedures to call", () => expect(procedures.length).toBeGreaterThan(40));

  for (const [path, proc] of procedures) {
    it(`${path} (${proc._def.type}): ${RUNS} inputs × 4 callers → success or a non-INTERNAL TRPCError`, async () => {
      const schema = proc._def.inputs[0];
      // and a platform administrator, the only one past the guard of the platform's own procedures
      const callers = { anonymous: callerAs(null), adminA: callerAs(w.adminA), residentA1: callerAs(w.residentA1), platformAdmin: callerAs(w.platformAdmin) };
      for (const [who, caller] of Object.entries(callers)) {
        const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
        await fc.assert(
          fc.asyncProperty(inputsFor(schema, ids), async (input) => {
            try {
              await fn(input);
              outcomes.set("ok", (outcomes.get("ok") ?? 0) + 1);
            } catch (e) {
              if (e instanceof TRPCError) outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
              if (!(e instanceof TRPCError) || e.code === "INTERNAL_SERVER_ERROR") {
                throw new Error(`${path} as ${who} with ${describeOutcome(input)} → ${e instanceof TRPCError ? e.code : "non-TRPC error"}: ${String((e as Error).cause ?? e)}`);
              }
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: (found(w)[path] ?? []).map((e) => [e]) },
        );
      }
    });
  }
});

describe("the generated inputs reach the services", () => {
  it("some calls succeed and some are refused past validation (NOT_FOUND, FORBIDDEN, CONFLICT, …), not only BAD_REQUEST", () => {
    console.log("tRPC outcomes:", Object.fromEntries(outcomes));
    expect(outcomes.get("ok") ?? 0).toBeGreaterThan(0);
    const pastValidation = [...outcomes].filter(([code]) => !["BAD_REQUEST", "UNAUTHORIZED", "ok"].includes(code)).reduce((n, [, c]) => n + c, 0);
    expect(pastValidation).toBeGreaterThan(0);
  });
});

// --- REST -----------------------------------------------------------------------------------------
/** A path segment, percent-encoded; a lone surrogate (which encodeURIComponent refuses) goes as its raw,
 *  invalid UTF-8 bytes — what a hostile client could send. */
const pathSegment = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
};
type RestProcedure = { _def: { meta?: { openapi?: { method: string; path: string } }; inputs: z.ZodType[] } };
/** An administrator of the ESCO serving community A (the world's ESCO user is an operator, who may not make tokens). */
const escoAdmin = async () => {
  const user = await makeUser();
  await addToOrg(user.id, w.esco.id, "ADMIN");
  return user;
};
const endpoints = Object.entries(restApiRouter._def.procedures as unknown as Record<string, RestProcedure>);

describe("no REST endpoint answers 500 to generated input (no token, a municipality's token, an ESCO's token)", () => {
  it("the REST router has endpoints to call", () => expect(endpoints.length).toBeGreaterThan(2));

  for (const [name, proc] of endpoints) {
    const { method, path } = proc._def.meta!.openapi!;
    it(`${name} (${method} ${path}): ${RUNS} inputs × 3 tokens → status < 500`, async () => {
      const token = async (orgId: string, userId: string) => (await createApiToken(db(), { userId }, orgId, { name: "fuzz", scopes: [...API_SCOPES] })).token;
      const tokens = { none: null, municipality: await token(w.munA.id, w.adminA.id), esco: await token(w.esco.id, (await escoAdmin()).id) };
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const restIds = realIds(w, { runId: [] });
      const inputs = fc.record({
        params: fc.record(Object.fromEntries(params.map((p) => [p, restIds[p]?.length ? fc.oneof(fc.constantFrom(...restIds[p]!), anyString) : anyString]))),
        query: fc.dictionary(params.length ? fc.oneof(fc.constantFrom(...params), anyString) : anyString, anyString, { maxKeys: 3 }),
        body: fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), anyString),
      });
      for (const [who, bearer] of Object.entries(tokens)) {
        await fc.assert(
          fc.asyncProperty(inputs, async (input) => {
            const url = new URL(`http://localhost/api${path.replace(/\{(\w+)\}/g, (_m, p: string) => pathSegment(String(input.params[p] ?? "")))}`);
            for (const [k, v] of Object.entries(input.query)) url.searchParams.append(k, String(v));
            const headers: Record<string, string> = { "content-type": "application/json" };
            if (bearer) headers.authorization = `Bearer ${bearer}`;
            const res = await restApiHandler(new Request(url, { method, headers, body: method === "GET" ? undefined : input.body }));
            if (res.status >= 500) throw new Error(`${method} ${url.pathname}${url.search} as ${who} with body ${describeOutcome(input.body)} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
    });
  }
});
