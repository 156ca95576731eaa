import { describe, expect, it } from "vitest";
import { startedBy } from "../settlement/finalizer";
import { cliFinalizer, parsePeriod } from "./settle";

describe("settle --period", () => {
  it("2026-03 → March; 2026-12 → December to 1 January", () => {
    expect(parsePeriod("2026-03")).toEqual({ start: "2026-03-01", end: "2026-04-01" });
    expect(parsePeriod("2026-12")).toEqual({ start: "2026-12-01", end: "2027-01-01" });
  });
  it("ISO weeks: 2026-W01 starts Monday 29 December 2025; 2026-W10 is 2–9 March", () => {
    expect(parsePeriod("2026-W01")).toEqual({ start: "2025-12-29", end: "2026-01-05" });
    expect(parsePeriod("2026-W10")).toEqual({ start: "2026-03-02", end: "2026-03-09" });
  });
  it("ranges, and what is refused", () => {
    expect(parsePeriod("2026-03-02..2026-03-03")).toEqual({ start: "2026-03-02", end: "2026-03-03" });
    for (const bad of ["2026-13", "2026-W54", "2026-03-03..2026-03-02", "March", "2026-02-30..2026-03-01"]) expect(parsePeriod(bad), bad).toBeNull();
  });
});

describe("settle --finalize: who finalizes", () => {
  it("--by alice → cli:alice; no --by → the OS user; never the scheduler", () => {
    expect(cliFinalizer("alice")).toEqual({ kind: "cli", name: "alice" });
    expect(cliFinalizer(undefined, () => "root")).toEqual({ kind: "cli", name: "root" });
    expect(startedBy(cliFinalizer("maria.rossi@comune")! as { kind: "cli"; name: string })).toBe("cli:maria.rossi@comune");
  });
  it("refused: an empty or odd name, and no OS user without --by", () => {
    for (const bad of ["", "a b", "x".repeat(65), "<script>"]) expect(typeof cliFinalizer(bad), bad).toBe("string");
    expect(cliFinalizer(undefined, () => { throw new Error("no passwd entry"); })).toMatch(/--by NAME/);
  });
});
