// POST /api/v1/communities/{slug}/imports — the readings import for ESCO systems (the route is
// app/api/v1/communities/[slug]/imports; the edge authenticates the API token with the
// `readings:import` scope, rate-limits and maps errors). The body is the file.
// The query parameters are listed, described and parsed in import-query.ts.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { apiCommunityAccess, type ApiPrincipal } from "@/server/api-tokens/api-tokens";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { csvMappingByName } from "./csv-mapping-presets";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import { importQuery } from "./import-query";
import { importSummary } from "./summary";
import { deleteUpload, MAX_UPLOAD_BYTES, saveUpload, UploadTooLargeError } from "./uploads";

/** Imports the request's body for the token's organization: 201 and the summary, or 200 when the file
 *  was imported before or on a dry run. The stored upload is removed afterwards either way. */
export async function importFromRequest(db: Db, principal: ApiPrincipal, slug: string, req: Request): Promise<{ status: 200 | 201; summary: ReturnType<typeof importSummary> }> {
  let uploadId: string | null = null;
  try {
    const communityId = await apiCommunityAccess(db, principal.orgId, slug);
    const q = importQuery(new URL(req.url).searchParams);
    const csvMapping = q.mappingName ? await csvMappingByName(db, communityId, q.mappingName) : undefined;
    if (!req.body) throw new AppError("BAD_REQUEST", "The request has no file in its body.");
    // Stored like a browser upload (server-chosen path, size cap), owned by the token, removed after.
    const fileName = q.fileName;
    const saved = await saveUpload(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), { fileName, communityId, userId: `api-token:${principal.tokenId}` }).catch((err: unknown) => {
      throw err instanceof UploadTooLargeError ? new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`) : err;
    });
    uploadId = saved.uploadId;
    const request: ImportRequest = {
      communityId,
      path: saved.path,
      fileName,
      options: {
        format: q.format,
        timeZone: q.timeZone,
        meteringPoint: q.meteringPoint,
        aliases: q.aliases,
        skip: q.skip,
        csvMapping,
      },
      source: "API",
      actor: { userId: null, orgId: principal.orgId },
    };
    if (q.dryRun) return { status: 200, summary: importSummary(await previewImport(db, request)) };
    const result = await importFile(db, request);
    return { status: result.alreadyImported ? 200 : 201, summary: importSummary(result) };
  } finally {
    if (uploadId) await deleteUpload(uploadId);
  }
}
