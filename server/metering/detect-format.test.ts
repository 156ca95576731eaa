import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format";
import { sampleHead } from "./test-support";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("detectFormat", () => {
  it.each([
    ["greenbutton-coastal-multi-family-2011.xml", "greenbutton"],
    ["greenbutton-electric-abridged.xml", "greenbutton"],
    ["ebutilities-crmsg.xml", "ebutilities"],
    ["mscons-sample.edi", "mscons"],
    ["enedis-load-curve-30min.csv", "enedis"],
    ["ausgrid-solar-home-customer12.csv", "csv"],
  ])("%s → %s", async (name, format) => {
    expect(detectFormat(await sampleHead(name), name)).toBe(format);
  });

  it("sniffs content, not names: an MSCONS file called data.csv is MSCONS", () => {
    expect(detectFormat(bytes("UNB+UNOC:3+1+2+240101:0000+1'UNH+1+MSCONS:D:04B:UN:2.4c'"), "data.csv")).toBe("mscons");
  });

  it("an Enedis export without its metadata line is still Enedis", () => {
    expect(detectFormat(bytes("Horodate;Valeur\n2022-07-29T00:30:00+02:00;330\n"))).toBe("enedis");
  });

  it("unknown XML, other EDIFACT messages and plain prose are not guessed", () => {
    expect(detectFormat(bytes("<?xml version=\"1.0\"?><invoice/>"))).toBeUndefined();
    expect(detectFormat(bytes("UNA:+.? 'UNB+UNOC:3'UNH+1+INVOIC:D:96A:UN'"))).toBeUndefined();
    expect(detectFormat(bytes("hello"))).toBeUndefined();
  });
});
