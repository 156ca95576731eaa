// The generated SEPA files against the official ISO 20022 XSDs, with xmllint (libxml2 as WebAssembly,
// from npm: works offline). The XSDs come from ../shared/schemas or DAJIE_SCHEMAS_DIR (see
// schemas/README.md); without them these tests fail under CI=true and are skipped, with the reason,
// elsewhere. A broken copy of each file must fail, so the harness can fail.
import { describe, expect } from "vitest";
import { itOfficial, validateXsd, type OfficialKind } from "@/server/test/official-schemas";
import { helios, mixedPlan, plan } from "./sepa-test-fixture";
import { pain001, pain008 } from "./sepa-xml";

const FILES: { kind: OfficialKind; what: string; xsd: string; xml: () => string; broken: (xml: string) => string; error: RegExp }[] = [
  { kind: "pain.008", what: "2 direct debits, 19.00 €", xsd: "pain.008.001.08.xsd", xml: () => pain008(plan, helios), broken: (x) => x.replace("<SeqTp>RCUR</SeqTp>", "<SeqTp>SOMETIMES</SeqTp>"), error: /SeqTp.*'SOMETIMES' is not an element of the set/ },
  {
    kind: "pain.008",
    what: "CORE 12.20 € and B2B 6.80 €, one payment information block each",
    xsd: "pain.008.001.08.xsd",
    xml: () => pain008(mixedPlan, helios),
    broken: (x) => x.replace("<Cd>B2B</Cd>", "<Cd>B2B</Cd><Cd>CORE</Cd>"),
    error: /Cd.*This element is not expected/,
  },
  { kind: "pain.001", what: "1 transfer, 15.57 €", xsd: "pain.001.001.09.xsd", xml: () => pain001(plan, helios), broken: (x) => x.replace("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>SLEV</ChrgBr><Foo>1</Foo>"), error: /Foo.*This element is not expected/ },
];

describe("SEPA files against the official ISO 20022 XSDs", () => {
  for (const { kind, what, xsd, xml, broken, error } of FILES) {
    itOfficial(`${kind} of the fixture (${what}) is valid against ${xsd}; a broken copy is not`, { xsd: [kind] }, async () => {
      const good = xml();
      const bad = broken(good);
      expect(bad).not.toBe(good);
      const result = await validateXsd([
        { name: "generated", xml: good },
        { name: "broken", xml: bad },
      ]);
      expect(result.get("generated")).toEqual([]);
      expect(result.get("broken")!.join("\n")).toMatch(error);
    });
  }
});
