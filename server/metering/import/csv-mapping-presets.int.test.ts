// A CSV mapping saved for a community is reused by name: the next file of the same layout imports
// from the command line and the HTTP API without describing its columns again.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { unique } from "@/server/test/factories";
import { listCsvMappings, saveCsvMapping } from "./csv-mapping-presets";
import { POST as importPost } from "@/app/api/v1/communities/[slug]/imports/route";
import { communityWith, stored } from "./test-community";

const dir = mkdtempSync(join(tmpdir(), "dajie-mapping-"));
// An Austrian-style export: semicolons, decimal comma, kWh, local time, a header the guesser does not know.
const mapping = { delimiter: ";", decimalMark: ",", unit: "kWh", intervalSeconds: 900, timeZone: "Europe/Vienna", layout: { kind: "long", meteringPoint: "Zählpunkt", timestamp: "Zeit", energy: "Menge" } };
function exportFile(code: string, day: string, values: string[]) {
  const path = join(dir, `${unique("export")}.csv`);
  const rows = values.map((v, i) => `${code};${day} ${String(Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")};${v}`);
  writeFileSync(path, ["Zählpunkt;Zeit;Menge", ...rows].join("\n") + "\n");
  return path;
}

describe("saved CSV mappings", () => {
  it("saved with --save-mapping on the first file, reused by name for the second (CLI) and third (API): 4 + 4 + 4 quarter hours, 3 × 1.5 kWh", async () => {
    const code = `AT00100${unique("zp").slice(3).toUpperCase()}`;
    const w = await communityWith([{ code, direction: "CONSUMPTION" }]);
    const mappingFile = join(dir, "mapping.json");
    writeFileSync(mappingFile, JSON.stringify(mapping));
    const cli = (args: string[]) => spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "import", ...args, "--community", w.community.slug], { env: process.env, encoding: "utf8" });

    const first = cli([exportFile(code, "2026-01-10", ["0,25", "0,5", "0,5", "0,25"]), "--mapping", mappingFile, "--save-mapping", "netz-export"]);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect((await listCsvMappings(db(), w.community.id)).map((m) => m.name)).toEqual(["netz-export"]);

    const second = cli([exportFile(code, "2026-01-11", ["0,25", "0,5", "0,5", "0,25"]), "--saved-mapping", "netz-export"]);
    expect(second.status, second.stdout + second.stderr).toBe(0);

    const { token } = await createApiToken(db(), { userId: w.admin.id }, w.org.id, { name: "esco", scopes: ["readings:import"] });
    const { Readable } = await import("node:stream");
    const { createReadStream } = await import("node:fs");
    const req = new Request(`http://localhost/api/v1/communities/${w.community.slug}/imports?mapping=netz-export&fileName=day3.csv`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: Readable.toWeb(createReadStream(exportFile(code, "2026-01-12", ["0,25", "0,5", "0,5", "0,25"]))) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    const res = await importPost(req, { params: Promise.resolve({ slug: w.community.slug }) });
    expect(res.status).toBe(201);

    // Vienna is UTC+1 in January: local 00:00 is 23:00 UTC the day before.
    expect(await stored(w.points[0]!.id)).toEqual({ intervals: 12, totalMWh: 4_500_000n, first: "2026-01-09T23:00:00.000Z", last: "2026-01-11T23:45:00.000Z" });
  });

  it("refuses an invalid mapping with the field that is wrong", async () => {
    const w = await communityWith([]);
    const scope = { communityId: w.community.id, municipalityId: w.org.id, via: "municipality" as const, orgId: w.org.id, role: "ADMIN" as const };
    await expect(saveCsvMapping(db(), { userId: w.admin.id }, scope, "broken", { layout: { kind: "long", timestamp: "t" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      problems: [expect.objectContaining({ where: "mapping.layout.energy" })],
    });
  });
});
