// Validation of the generated files against the official ISO 20022 XSDs, with xmllint (libxml2 as
// WebAssembly, from npm: works offline). The XSD files are not distributed with Dajie (see
// schemas/README.md); when they are missing these tests are reported as skipped, saying why.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { helios, plan } from "./sepa-test-fixture";
import { pain001, pain008 } from "./sepa-xml";

const dir = join(process.cwd(), "schemas");
const XSDS = [
  { file: "pain.008.001.08.xsd", xml: () => pain008(plan, helios) },
  { file: "pain.001.001.09.xsd", xml: () => pain001(plan, helios) },
];

describe("SEPA files against the official XSDs", () => {
  for (const { file, xml } of XSDS) {
    const path = join(dir, file);
    const present = existsSync(path);
    it.skipIf(!present)(`${file}: the generated file is valid${present ? "" : ` — SKIPPED: schemas/${file} is not on this machine (see schemas/README.md)`}`, async () => {
      const result = await validateXML({ xml: [{ fileName: "file.xml", contents: xml() }], schema: [{ fileName: file, contents: readFileSync(path, "utf8") }] });
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }
});
