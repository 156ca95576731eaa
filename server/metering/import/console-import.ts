// Preview and import of a file the console uploaded (app/api/communities/[communityId]/uploads):
// the options a person can choose, and the caller's own upload turned into an import request.
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import type { Tx } from "@/server/db/client";
import { timeZone } from "@/server/shared/validation";
import { FORMAT_IDS, PROBLEM_CODES } from "../types";
import { csvMappingByName } from "./csv-mapping-presets";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import type { ScanOptions } from "./scan-file";
import { deleteUpload, getUpload } from "./uploads";

export const importOptionsInput = z
  .object({
    format: z.enum(FORMAT_IDS).optional(),
    timeZone: timeZone.optional(),
    meteringPoint: z.string().trim().min(1).max(100).optional(),
    skip: z.array(z.enum(PROBLEM_CODES)).max(PROBLEM_CODES.length).optional(),
    aliases: z.record(z.string().max(200), z.string().trim().min(1).max(100)).optional(),
    /** A CSV mapping saved for the community (csv-mapping-presets), by name. */
    savedMapping: z.string().trim().min(1).max(100).optional(),
  })
  .default({});

export const uploadedFileInput = z.object({ uploadId: z.uuid(), options: importOptionsInput });
export type UploadedFileInput = z.infer<typeof uploadedFileInput>;

type Actor = { userId: string; requestId?: string };

async function scanOptions(db: Tx, communityId: string, o: z.infer<typeof importOptionsInput>): Promise<ScanOptions> {
  return {
    ...(o.savedMapping ? { csvMapping: await csvMappingByName(db, communityId, o.savedMapping) } : {}),
    ...(o.format ? { format: o.format } : {}),
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    ...(o.meteringPoint ? { meteringPoint: o.meteringPoint } : {}),
    ...(o.skip?.length ? { skip: o.skip } : {}),
    ...(o.aliases && Object.keys(o.aliases).length ? { aliases: o.aliases } : {}),
  };
}

/** The caller's own upload (of this community) as an import request from the browser. */
async function uploadRequest(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput) {
  const upload = await getUpload(input.uploadId, { communityId: scope.communityId, userId: actor.userId });
  const request: ImportRequest = {
    communityId: scope.communityId,
    path: upload.path,
    fileName: upload.fileName,
    options: await scanOptions(db, scope.communityId, input.options),
    source: "BROWSER",
    actor: { userId: actor.userId, orgId: scope.orgId, requestId: actor.requestId },
  };
  return { upload, request };
}

/** What importing the upload would do; nothing is written and the upload stays for the import. */
export async function previewUpload(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput) {
  const { upload, request } = await uploadRequest(db, scope, actor, input);
  return { ...(await previewImport(db, request)), fileName: upload.fileName };
}

/** Imports the upload (all or nothing), then removes it. */
export async function importUpload(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput) {
  const { upload, request } = await uploadRequest(db, scope, actor, input);
  const result = await importFile(db, request);
  await deleteUpload(upload.uploadId);
  return { ...result, fileName: upload.fileName };
}
