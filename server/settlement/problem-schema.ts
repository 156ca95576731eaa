// The JSON settlement problem (CLI and API boundary), validated with zod and turned into exact
// integers. Decimal strings are parsed digit by digit; JSON numbers are accepted only where the
// documented format uses them (plantKw, grantFactor) and only in plain notation.
import { z } from "zod";
import { AppError, type FieldProblem } from "../errors";
import { ENERGY_DECIMALS, FRACTION_DECIMALS, FRACTION_ONE, type MemberId } from "./allocation";
import { decimalProblem, parseDecimal } from "./decimal";
import type { SettlementInterval, SettlementProblem } from "./engine";
import { constantLimits, limitRangeMessage } from "./market/limits";
import { PRICE_DECIMALS } from "./valuation";

function decimal(scale: number, opts: { signed?: boolean; numbers?: boolean } = {}) {
  const text = opts.numbers
    ? z.union([z.string(), z.number().transform((n) => String(n))], { error: "expected a decimal number as a string" })
    : z.string({ error: "expected a decimal number as a string, e.g. \"12.5\"" });
  return text.transform((s, ctx) => {
    const problem = decimalProblem(s, scale, { signed: opts.signed });
    if (problem !== null) {
      ctx.issues.push({ code: "custom", message: problem, input: s });
      return z.NEVER;
    }
    return parseDecimal(s, scale, { signed: opts.signed });
  });
}

const energy = decimal(ENERGY_DECIMALS);
const price = decimal(PRICE_DECIMALS);
const fraction = (numbers = false) =>
  decimal(FRACTION_DECIMALS, { numbers }).refine((f) => f <= FRACTION_ONE, "must be between 0 and 1");

/**
 * An object keyed by member id, as a Map. Written by hand because zod's record silently drops a
 * "__proto__" key, which here would make a member disappear; such ids are refused instead.
 */
function idRecord<T extends z.ZodType>(value: T) {
  return z.unknown().transform((input, ctx) => {
    const out = new Map<MemberId, z.output<T>>();
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: "custom", message: "expected an object keyed by member id", input });
      return z.NEVER;
    }
    for (const id of Object.keys(input)) {
      if (id.length === 0 || id.length > 128 || id === "__proto__") {
        ctx.issues.push({ code: "custom", message: "member ids must be 1–128 characters and not \"__proto__\"", path: [id], input: id });
        continue;
      }
      const r = value.safeParse((input as Record<string, unknown>)[id]);
      if (r.success) out.set(id, r.data);
      else for (const issue of r.error.issues) ctx.issues.push({ ...issue, path: [id, ...issue.path] } as never);
    }
    return out;
  });
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with an explicit offset ("Z" or ±hh:mm) → canonical UTC
 * "YYYY-MM-DDTHH:MM:SS.sssZ", or null. Local times without an offset are refused: around DST
 * changes they are ambiguous.
 */
export function canonicalInstant(text: string): string | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s = 0, ms = 0] = m.slice(1, 8).map((x, k) => (x === undefined ? undefined : k === 6 ? Number(x.padEnd(3, "0")) : Number(x))) as number[];
  if (y! < 1000 || mo! < 1 || mo! > 12 || h! > 23 || mi! > 59 || s > 59) return null;
  const local = Date.UTC(y!, mo! - 1, d!, h!, mi!, s, ms);
  const probe = new Date(local);
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo! - 1) return null; // 2025-02-30
  const oh = m[9] === undefined ? 0 : Number(m[9]);
  const om = m[10] === undefined ? 0 : Number(m[10]);
  if (oh > 23 || om > 59) return null;
  const offsetMs = (m[8] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  const iso = new Date(local - offsetMs).toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
}

const instant = z.string({ error: "expected an ISO 8601 instant" }).transform((s, ctx) => {
  const c = canonicalInstant(s);
  if (c === null) {
    ctx.issues.push({ code: "custom", message: `expected an ISO 8601 instant with offset, e.g. "2025-06-01T10:00:00Z", got ${JSON.stringify(s)}`, input: s });
    return z.NEVER;
  }
  return c;
});

const rule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("dynamic") }),
  z.strictObject({ kind: z.literal("static"), shares: idRecord(fraction()), redistribute: z.boolean().default(false) }),
  // Limits here are constant (one per member and side); bands and versions come from the database.
  z.strictObject({
    kind: z.literal("market"),
    retailEurPerKWh: price,
    feedInEurPerKWh: price,
    gridFeeEurPerKWh: price.default(0n),
    pricing: z.enum(["midpoint", "uniform"]).default("midpoint"),
    bids: idRecord(price).default(new Map()),
    asks: idRecord(price).default(new Map()),
  }),
]);

const flat = z.strictObject({ kind: z.literal("flat"), priceEurPerKWh: price });
const itCer = z.strictObject({
  kind: z.literal("it-cer"),
  plantKw: decimal(3, { numbers: true }),
  zone: z.enum(["north", "centre", "south"]),
  pv: z.boolean(),
  grantFactor: fraction(true).default(0n),
  zonalPriceEurPerMWh: z.array(decimal(PRICE_DECIMALS, { signed: true })),
  areraEurPerMWh: price,
  // Without a split the whole amount stays with the community (fund).
  split: z
    .strictObject({ producers: fraction(), consumers: fraction(), fund: fraction() })
    .default({ producers: 0n, consumers: 0n, fund: FRACTION_ONE }),
});

const interval = z.strictObject({ start: instant, consumption: idRecord(energy), production: idRecord(energy) });

export const problemSchema = z
  .strictObject({
    rule,
    participation: idRecord(fraction()).optional(),
    valuation: z.discriminatedUnion("kind", [flat, itCer]).optional(),
    intervals: z.array(interval),
  })
  .superRefine((p, ctx) => {
    // Cross-field checks here too (the engine repeats them) so that the error points at the field.
    const seen = new Map<string, number>();
    p.intervals.forEach((iv, k) => {
      const first = seen.get(iv.start);
      if (first !== undefined) ctx.addIssue({ code: "custom", message: `same start as intervals[${first}] (${iv.start})`, path: ["intervals", k, "start"] });
      else seen.set(iv.start, k);
    });
    if (p.rule.kind === "static") {
      let total = 0n;
      for (const s of p.rule.shares.values()) total += s;
      if (total > FRACTION_ONE) ctx.addIssue({ code: "custom", message: "shares sum to more than 1", path: ["rule", "shares"] });
    }
    if (p.rule.kind === "market") {
      const { retailEurPerKWh: r, feedInEurPerKWh: f } = p.rule;
      if (r < f) ctx.addIssue({ code: "custom", message: "the retail tariff R must be at least the feed-in tariff F", path: ["rule", "retailEurPerKWh"] });
      else {
        for (const [key, side] of [["bids", "BUY"], ["asks", "SELL"]] as const) {
          for (const [id, limit] of p.rule[key]) {
            if (limit < f || limit > r) ctx.addIssue({ code: "custom", message: limitRangeMessage(id, side, limit, f, r), path: ["rule", key, id] });
          }
        }
      }
      if (p.valuation) ctx.addIssue({ code: "custom", message: "the market rule values the trades itself; leave out valuation", path: ["valuation"] });
    }
    const v = p.valuation;
    if (v?.kind === "it-cer") {
      if (v.zonalPriceEurPerMWh.length !== p.intervals.length) {
        ctx.addIssue({
          code: "custom",
          message: `expected one zonal price per interval (${p.intervals.length}), got ${v.zonalPriceEurPerMWh.length}`,
          path: ["valuation", "zonalPriceEurPerMWh"],
        });
      }
      if (v.split.producers + v.split.consumers + v.split.fund !== FRACTION_ONE) {
        ctx.addIssue({ code: "custom", message: "producers + consumers + fund must sum to exactly 1", path: ["valuation", "split"] });
      }
    }
  });

/** "intervals[0].consumption.m1"; ids that are not plain words are quoted: consumption["a.b"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "(problem)" : out;
}

/** Validates a JSON problem and converts it to the engine's exact form; AppError("BAD_REQUEST") names the fields. */
export function parseProblem(input: unknown): SettlementProblem {
  const r = problemSchema.safeParse(input);
  if (!r.success) {
    const problems: FieldProblem[] = r.error.issues.map((i) => ({ where: fieldPath(i.path), message: i.message }));
    throw new AppError("BAD_REQUEST", problems.map((p) => `${p.where}: ${p.message}`).join("; "), problems);
  }
  const p = r.data;
  const v = p.valuation;
  const intervals: SettlementInterval[] = p.intervals.map((iv, k) => ({
    start: iv.start,
    consumption: iv.consumption,
    production: iv.production,
    ...(v?.kind === "it-cer" ? { zonalPrice: v.zonalPriceEurPerMWh[k]! } : {}),
  }));
  return {
    rule:
      p.rule.kind === "dynamic"
        ? { kind: "dynamic" }
        : p.rule.kind === "static"
          ? { kind: "static", shares: p.rule.shares, redistribute: p.rule.redistribute }
          : {
              kind: "market",
              retail: p.rule.retailEurPerKWh,
              feedIn: p.rule.feedInEurPerKWh,
              gridFee: p.rule.gridFeeEurPerKWh,
              pricing: p.rule.pricing,
              limits: constantLimits(p.rule.bids, p.rule.asks),
            },
    participation: p.participation ?? new Map(),
    ...(v === undefined
      ? {}
      : {
          valuation:
            v.kind === "flat"
              ? { kind: "flat", priceMicroEurPerKWh: v.priceEurPerKWh }
              : {
                  kind: "it-cer",
                  plantW: v.plantKw,
                  zone: v.zone,
                  pv: v.pv,
                  grantFactor: v.grantFactor,
                  arera: v.areraEurPerMWh,
                  split: v.split,
                },
        }),
    intervals,
  };
}
