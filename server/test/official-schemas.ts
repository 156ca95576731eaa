// vitest side of the official validators (official-validators.ts): tests that fail under CI (CI=true)
// when the files or Saxon are missing and are skipped, with the reason, elsewhere; and a collector
// that checks every document a test file generates in ONE final test, so Saxon (seconds per JVM
// start) runs once per test file.
import { expect, it } from "vitest";
import { kindOf, officialMissing, officialProblems, onCi, type NamedXml, type OfficialKind, type OfficialNeeds } from "./official-validators";

export * from "./official-validators";

/**
 * Registers a test that must fail under CI when the official files or Saxon are missing, and is
 * skipped with the reason elsewhere. `body` runs only when everything is present.
 */
export function itOfficial(title: string, needs: OfficialNeeds, body: () => Promise<void>, timeout?: number) {
  const missing = officialMissing(needs);
  if (!missing) return it(title, body, timeout);
  if (onCi) return it(`${title} — the official validators are missing`, () => expect.fail(`CI=true, and the official validators are missing: ${missing}`));
  return it.skip(`${title} — SKIPPED: ${missing}`);
}

/**
 * Collects the documents a test file generates (`add`) and registers, with `register()` at the end
 * of the file, ONE test that checks them all: every document against its XSD, every invoice and
 * credit note also against the EN 16931 rules (no fatal failed assertion).
 */
export function officialChecks(kinds: readonly OfficialKind[]) {
  const docs: NamedXml[] = [];
  return {
    add(name: string, xml: string) {
      docs.push({ name: `${name} #${docs.length + 1}`, xml });
    },
    register(title = "every document generated above passes the official XSD (and, for invoices and credit notes, the EN 16931 rules)") {
      // Slow by nature: a JVM start plus compiling the EN 16931 rules (~5 s alone, more on a busy machine).
      itOfficial(
        title,
        { xsd: kinds, rules: kinds.includes("invoice") || kinds.includes("creditNote") },
        async () => {
          expect(docs.length, "no document was collected: did the tests that generate them run?").toBeGreaterThan(0);
          const unexpected = docs.filter((d) => !kinds.includes(kindOf(d.xml)!)).map((d) => `${d.name}: ${kindOf(d.xml) ?? "unknown kind"}`);
          expect(unexpected, `kinds other than ${kinds.join(", ")}`).toEqual([]);
          expect((await officialProblems(docs)).problems).toEqual([]);
        },
        60_000,
      );
    },
    get count() {
      return docs.length;
    },
  };
}
