import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { redactPersonal } from "./audit";

// The migration that redacted events written before the rule existed uses a SQL function; it must
// give what the application now writes, for the top-level shapes those events had.
describe("dajie_redact_personal (SQL) agrees with redactPersonal", () => {
  const docs: unknown[] = [
    null,
    { kind: "CONSUMER", reference: "C-1", personal: { name: "Anna Rossi", email: null, address: "Via Roma 1" } },
    { kind: "RESIDENT", email: "anna@example.test", role: null, expiresAt: "2026-12-01T00:00:00.000Z" },
    { name: "Solaria", members: 3 },
    { personal: {} },
    { personal: null, email: null },
  ];
  for (const doc of docs) {
    it(JSON.stringify(doc), async () => {
      const rows = await db().$queryRawUnsafe<{ out: unknown }[]>("SELECT dajie_redact_personal($1::jsonb) AS out", doc === null ? null : JSON.stringify(doc));
      expect(rows[0]!.out).toEqual(redactPersonal(doc));
    });
  }
});
