import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unzip, zip } from "./zip";

describe("zip (stored, fixed time stamps)", () => {
  it("two files → the same bytes every time, read back with their CRCs; names in the given order", () => {
    const files = [
      { name: "invoice-2026-000001.xml", data: "<Invoice>é</Invoice>\n" },
      { name: "credit-note-2026-000002.xml", data: "<CreditNote/>\n" },
    ];
    const a = zip(files);
    expect(zip(files).equals(a)).toBe(true);
    const back = unzip(a);
    expect(back.map((e) => e.name)).toEqual(files.map((f) => f.name));
    expect(Buffer.from(back[0]!.data as Uint8Array).toString("utf8")).toBe("<Invoice>é</Invoice>\n");
    expect(() => zip([files[0]!, files[0]!])).toThrow(/duplicate/);
  });

  it("the time stamp of an instant is read in UTC: the same bytes whatever the server's time zone", () => {
    const at = new Date("2026-03-09T23:30:00Z");
    const tz = process.env.TZ;
    try {
      process.env.TZ = "Europe/Rome";
      const rome = zip([{ name: "a.xml", data: "<a/>" }], at);
      process.env.TZ = "America/Los_Angeles";
      const la = zip([{ name: "a.xml", data: "<a/>" }], at);
      expect(la.equals(rome)).toBe(true);
      // DOS date in the local header: 2026-03-09 (not the 10th, as Rome's local time would give).
      const dosDate = rome.readUInt16LE(12);
      expect([1980 + (dosDate >> 9), (dosDate >> 5) & 15, dosDate & 31]).toEqual([2026, 3, 9]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("a corrupted byte fails the CRC check", () => {
    const a = zip([{ name: "a.xml", data: "hello" }]);
    const bad = Buffer.from(a);
    bad[30 + "a.xml".length] = "j".charCodeAt(0);
    expect(() => unzip(bad)).toThrow(/CRC/);
  });

  it("Python's zipfile (an independent reader) lists and tests the archive, when python3 is there", () => {
    let python = true;
    try {
      execFileSync("python3", ["--version"]);
    } catch {
      python = false;
    }
    if (!python) return;
    const dir = mkdtempSync(join(tmpdir(), "dajie-zip-"));
    const file = join(dir, "x.zip");
    writeFileSync(file, zip([{ name: "a.xml", data: "<a/>" }, { name: "b.xml", data: "<b/>" }]));
    const out = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), [(i.filename, i.date_time, i.file_size) for i in z.infolist()])", file]).toString();
    expect(out.trim()).toBe("None [('a.xml', (1980, 1, 1, 0, 0, 0), 4), ('b.xml', (1980, 1, 1, 0, 0, 0), 4)]");
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });
});
