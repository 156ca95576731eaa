// POST /api/v1/communities/{slug}/imports — the readings import for ESCO systems (the route is
// app/api/v1/communities/[slug]/imports; the edge authenticates the API token with the
// `readings:import` scope, rate-limits and maps errors). The body is the file.
// Query: format, tz, meteringPoint, skip=code,code, alias=FILEID=ID (repeatable), mapping=NAME (a CSV
// mapping saved for the community), fileName, dryRun=1.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { apiCommunityAccess, type ApiPrincipal } from "@/server/api-tokens/api-tokens";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { FORMAT_IDS, isProblemCode, PROBLEM_CODES, type FormatId, type ProblemCode } from "../types";
import { csvMappingByName } from "./csv-mapping-presets";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import { importSummary } from "./summary";
import { deleteUpload, MAX_UPLOAD_BYTES, saveUpload, UploadTooLargeError } from "./uploads";

/** The problem classes to skip, comma separated; an unknown one is the caller's mistake (400). */
function skipCodes(text: string | null): ProblemCode[] {
  const codes = text?.split(",").filter(Boolean) ?? [];
  const unknown = codes.filter((c) => !isProblemCode(c));
  if (unknown.length) throw new AppError("BAD_REQUEST", `Unknown problem class ${unknown.join(", ")}; use one of ${PROBLEM_CODES.join(", ")}.`);
  return codes.filter(isProblemCode);
}

/** Imports the request's body for the token's organization: 201 and the summary, or 200 when the file
 *  was imported before or on a dry run. The stored upload is removed afterwards either way. */
export async function importFromRequest(db: Db, principal: ApiPrincipal, slug: string, req: Request): Promise<{ status: 200 | 201; summary: ReturnType<typeof importSummary> }> {
  let uploadId: string | null = null;
  try {
    const communityId = await apiCommunityAccess(db, principal.orgId, slug);
    const q = new URL(req.url).searchParams;
    const format = q.get("format");
    if (format && !FORMAT_IDS.includes(format as FormatId)) throw new AppError("BAD_REQUEST", `Unknown format ${format}; use one of ${FORMAT_IDS.join(", ")}.`);
    const aliases: Record<string, string> = {};
    for (const a of q.getAll("alias")) {
      const i = a.indexOf("=");
      if (i <= 0) throw new AppError("BAD_REQUEST", `alias takes FILEID=ID, got ${a}`);
      aliases[a.slice(0, i)] = a.slice(i + 1);
    }
    const mappingName = q.get("mapping");
    const csvMapping = mappingName ? await csvMappingByName(db, communityId, mappingName) : undefined;
    if (!req.body) throw new AppError("BAD_REQUEST", "The request has no file in its body.");
    // Stored like a browser upload (server-chosen path, size cap), owned by the token, removed after.
    const fileName = q.get("fileName") ?? "api-upload";
    const saved = await saveUpload(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), { fileName, communityId, userId: `api-token:${principal.tokenId}` }).catch((err: unknown) => {
      throw err instanceof UploadTooLargeError ? new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`) : err;
    });
    uploadId = saved.uploadId;
    const request: ImportRequest = {
      communityId,
      path: saved.path,
      fileName,
      options: {
        format: (format as FormatId | null) ?? undefined,
        timeZone: q.get("tz") ?? undefined,
        meteringPoint: q.get("meteringPoint") ?? undefined,
        aliases,
        skip: skipCodes(q.get("skip")),
        csvMapping,
      },
      source: "API",
      actor: { userId: null, orgId: principal.orgId },
    };
    if (q.get("dryRun") === "1") return { status: 200, summary: importSummary(await previewImport(db, request)) };
    const result = await importFile(db, request);
    return { status: result.alreadyImported ? 200 : 201, summary: importSummary(result) };
  } finally {
    if (uploadId) await deleteUpload(uploadId);
  }
}
