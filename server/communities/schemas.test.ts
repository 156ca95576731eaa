import { describe, expect, it } from "vitest";
import { communityInput } from "./schemas";

const base = { name: "Borgo", slug: "borgo", timeZone: "Europe/Rome", intervalMinutes: 15, rule: { kind: "DYNAMIC" }, priceEurPerKWh: "0.1", privacyThreshold: 5 };

describe("community settings: grid CO₂ factor", () => {
  it("defaults to 250 g/kWh when not given; keeps 0 and 2000", () => {
    expect(communityInput.parse(base).co2GramsPerKWh).toBe(250);
    expect(communityInput.parse({ ...base, co2GramsPerKWh: 0 }).co2GramsPerKWh).toBe(0);
    expect(communityInput.parse({ ...base, co2GramsPerKWh: 2000 }).co2GramsPerKWh).toBe(2000);
  });
  it("refuses 2001, −1 and 250.5 with a message on the field", () => {
    for (const bad of [2001, -1, 250.5]) {
      const r = communityInput.safeParse({ ...base, co2GramsPerKWh: bad });
      expect(r.success, String(bad)).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["co2GramsPerKWh"]);
    }
  });
});
