// CSV column mappings saved per community, so the next file of the same layout imports without
// describing the columns again (by name from the console, the CLI and the HTTP API).
import type { Prisma } from "@/generated/prisma/client";
import type { CommunityScope } from "@/server/access/scope";
import { recordAudit, type Actor } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { csvMappingName, csvMappingSchema, type CsvMapping } from "../parsers/csv-mapping";

export async function listCsvMappings(db: Tx, communityId: string) {
  const rows = await db.csvMappingPreset.findMany({ where: { communityId }, orderBy: { name: "asc" } });
  return rows.map((r) => ({ id: r.id, name: r.name, mapping: csvMappingSchema.parse(r.mapping), createdAt: r.createdAt.toISOString() }));
}

/** Saves (or replaces) the mapping under `name`, after checking it is a valid mapping. */
export async function saveCsvMapping(db: Db, actor: Actor, scope: CommunityScope, name: string, mapping: unknown) {
  // Checked here for every caller (console, CLI, HTTP API): the name is free text.
  const checkedName = csvMappingName.safeParse(name);
  if (!checkedName.success) throw new AppError("BAD_REQUEST", "This is not a valid mapping name.", checkedName.error.issues.map((i) => ({ where: "name", message: i.message })));
  name = checkedName.data;
  const parsed = csvMappingSchema.safeParse(mapping);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", "This is not a valid CSV mapping.", parsed.error.issues.map((i) => ({ where: `mapping.${i.path.join(".")}`, message: i.message })));
  }
  return db.$transaction(async (tx) => {
    const before = await tx.csvMappingPreset.findUnique({ where: { communityId_name: { communityId: scope.communityId, name } } });
    const saved = await tx.csvMappingPreset.upsert({
      where: { communityId_name: { communityId: scope.communityId, name } },
      create: { communityId: scope.communityId, name, mapping: mapping as Prisma.InputJsonObject },
      update: { mapping: mapping as Prisma.InputJsonObject },
    });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "csv-mapping.save", objectType: "csv-mapping", objectId: saved.id, before: before?.mapping, after: saved.mapping });
    return { id: saved.id, name: saved.name };
  });
}

export async function deleteCsvMapping(db: Db, actor: Actor, scope: CommunityScope, name: string) {
  const found = await db.csvMappingPreset.findUnique({ where: { communityId_name: { communityId: scope.communityId, name } } });
  if (!found) throw new AppError("NOT_FOUND", `No saved mapping named ${name}.`);
  await db.$transaction(async (tx) => {
    await tx.csvMappingPreset.delete({ where: { id: found.id } });
    await recordAudit(tx, actor, { orgId: scope.orgId, communityId: scope.communityId, action: "csv-mapping.delete", objectType: "csv-mapping", objectId: found.id, before: found.mapping });
  });
}

/** The saved mapping `name` of the community, for an import. */
export async function csvMappingByName(db: Tx, communityId: string, name: string): Promise<CsvMapping> {
  const found = await db.csvMappingPreset.findUnique({ where: { communityId_name: { communityId, name } } });
  if (!found) throw new AppError("BAD_REQUEST", `This community has no saved CSV mapping named ${name}.`, [{ where: "mapping", message: "Unknown mapping name." }]);
  return csvMappingSchema.parse(found.mapping);
}
