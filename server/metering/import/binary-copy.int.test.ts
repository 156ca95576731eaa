// The binary COPY rows the importer sends must store exactly what the text rows (the reference,
// and what the importer sent before) store: same uuid, instant, interval, energy, quality, batch.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pgPool } from "@/server/db/pg";
import type { Reading } from "../types";
import { READING_COPY_COLUMNS, readingCopy, readingCopyLine } from "./binary-copy";
import { copyWriter } from "./copy-writer";

const reading = fc.record({
  // Whole seconds (the column is timestamptz(0)) from 1900 to 2200: before and after PostgreSQL's 2000 epoch.
  start: fc.integer({ min: -2_208_988_800, max: 7_258_118_400 }).map((s) => s * 1000),
  intervalSeconds: fc.integer({ min: 1, max: 31 * 86_400 }),
  energyMWh: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  quality: fc.constantFrom("measured", "substituted", "estimated") as fc.Arbitrary<Reading["quality"]>,
  point: fc.integer({ min: 0, max: 4 }),
});

describe("binary COPY of readings", () => {
  it("random readings (1900–2200, any int64 energy, every quality): the binary rows store what the text rows store", async () => {
    const points = Array.from({ length: 5 }, () => randomUUID());
    const batchId = randomUUID();
    const rows = fc.sample(fc.array(reading, { minLength: 1, maxLength: 400 }), { numRuns: 1, seed: 13 })[0]!;
    const readings = rows.map(({ point, ...r }) => ({ pointId: points[point]!, r: { ...r, meteringPoint: "X", direction: "consumption", source: { line: 1 } } as Reading }));
    const client = await pgPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("CREATE TEMP TABLE import_stage (LIKE reading INCLUDING DEFAULTS) ON COMMIT DROP");
      await client.query("CREATE TEMP TABLE text_stage (LIKE reading INCLUDING DEFAULTS) ON COMMIT DROP");
      const binary = readingCopy(client, "import_stage", batchId);
      for (const { r, pointId } of readings) await binary.write(r, pointId);
      await binary.end();
      const text = copyWriter(client, `COPY text_stage ${READING_COPY_COLUMNS} FROM STDIN`);
      const line = readingCopyLine(batchId);
      for (const { r, pointId } of readings) await text.write(line(r, pointId));
      await text.end();
      const dump = async (table: string) =>
        (await client.query<{ row: string }>(`SELECT ${READING_COPY_COLUMNS}::text AS row FROM ${table} ORDER BY 1`)).rows.map((x) => x.row);
      const fromBinary = await dump("import_stage");
      expect(fromBinary).toHaveLength(readings.length);
      expect(fromBinary).toEqual(await dump("text_stage"));
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
