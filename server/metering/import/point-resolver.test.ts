import { describe, expect, it } from "vitest";
import { PointResolver } from "./point-resolver";

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const points = [
  { id: "c", code: "IT001E1", direction: "CONSUMPTION" as const, validFrom: day("2026-01-01"), validTo: day("2026-03-01") },
  { id: "i", code: "IT001E1", direction: "INJECTION" as const, validFrom: day("2026-01-01"), validTo: null },
  { id: "x", code: "AT0001", direction: "CONSUMPTION" as const, validFrom: day("2026-01-01"), validTo: null },
];

describe("PointResolver", () => {
  const r = new PointResolver(points, { "customer12": "AT0001" });

  it("matches id (case-insensitive) and direction inside the validity", () => {
    expect(r.resolve("it001e1", "consumption", day("2026-02-01"), 900)).toEqual({ ok: true, pointId: "c", capacityW: null });
    expect(r.resolve("IT001E1", "injection", day("2027-02-01"), 900)).toEqual({ ok: true, pointId: "i", capacityW: null });
  });

  it("the last quarter hour before validTo is valid, the one starting at validTo is not", () => {
    expect(r.resolve("IT001E1", "consumption", day("2026-03-01") - 900_000, 900).ok).toBe(true);
    expect(r.resolve("IT001E1", "consumption", day("2026-03-01"), 900)).toMatchObject({ ok: false, code: "outside-validity" });
  });

  it("an unknown id, or an unknown direction for an id with two directions, is an unknown metering point", () => {
    expect(r.resolve("IT999", "consumption", day("2026-02-01"), 900)).toMatchObject({ ok: false, code: "unknown-metering-point" });
    expect(r.resolve("IT001E1", "unknown", day("2026-02-01"), 900)).toMatchObject({ ok: false, message: expect.stringContaining("several directions") });
  });

  it("an alias maps a file's own id to the community's, and a single-direction id needs no direction", () => {
    expect(r.resolve("customer12", "unknown", day("2026-02-01"), 1800)).toEqual({ ok: true, pointId: "x", capacityW: null });
  });
});
