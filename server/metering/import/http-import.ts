// POST /api/v1/communities/{slug}/imports — the readings import for ESCO systems.
// Authenticated by a per-organization API token with the `readings:import` scope; the body is the file.
// Query: format, tz, meteringPoint, skip=code,code, alias=FILEID=ID (repeatable), mapping=NAME (a CSV
// mapping saved for the community), fileName, dryRun=1.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { authenticateApiToken, apiCommunityAccess } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";
import { FORMAT_IDS, isProblemCode, PROBLEM_CODES, type FormatId, type ProblemCode } from "../types";
import { csvMappingByName } from "./csv-mapping-presets";
import { importFile, previewImport, type ImportRequest } from "./import-file";
import { importSummary } from "./summary";
import { deleteUpload, MAX_UPLOAD_BYTES, saveUpload, UploadTooLargeError } from "./uploads";

const STATUS: Record<AppErrorCode, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body, null, 2), { status, headers: { "content-type": "application/json; charset=utf-8" } });

/** The problem classes to skip, comma separated; an unknown one is the caller's mistake (400). */
function skipCodes(text: string | null): ProblemCode[] {
  const codes = text?.split(",").filter(Boolean) ?? [];
  const unknown = codes.filter((c) => !isProblemCode(c));
  if (unknown.length) throw new AppError("BAD_REQUEST", `Unknown problem class ${unknown.join(", ")}; use one of ${PROBLEM_CODES.join(", ")}.`);
  return codes.filter(isProblemCode);
}

export async function handleApiImport(req: Request, slug: string): Promise<Response> {
  let uploadId: string | null = null;
  try {
    const principal = await authenticateApiToken(db(), req.headers.get("authorization"), "readings:import");
    const communityId = await apiCommunityAccess(db(), principal.orgId, slug);
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
    const csvMapping = mappingName ? await csvMappingByName(db(), communityId, mappingName) : undefined;
    if (!req.body) throw new AppError("BAD_REQUEST", "The request has no file in its body.");
    // Stored like a browser upload (server-chosen path, size cap), owned by the token, removed after.
    const fileName = q.get("fileName") ?? "api-upload";
    const saved = await saveUpload(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), { fileName, communityId, userId: `api-token:${principal.tokenId}` });
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
    if (q.get("dryRun") === "1") return json(200, importSummary(await previewImport(db(), request)));
    const result = await importFile(db(), request);
    return json(result.alreadyImported ? 200 : 201, importSummary(result));
  } catch (err) {
    if (err instanceof AppError) return json(STATUS[err.code], { error: { code: err.code, message: err.message, problems: err.problems } });
    if (err instanceof UploadTooLargeError) return json(413, { error: { code: "TOO_LARGE", message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.` } });
    console.error("[api import]", err);
    return json(500, { error: { code: "INTERNAL", message: "Something went wrong on our side." } });
  } finally {
    if (uploadId) await deleteUpload(uploadId);
  }
}
