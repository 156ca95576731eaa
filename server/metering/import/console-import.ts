// Preview and import of a file the console uploaded (app/api/communities/[communityId]/uploads):
// the options a person can choose, and the caller's own upload turned into an import request.
import { z } from "zod";
import type { CommunityScope } from "@/server/access/scope";
import type { Tx } from "@/server/db/client";
import { timeZone } from "@/server/shared/validation";
import { AppError } from "@/server/errors";
import { FORMAT_IDS, MeteringOptionsError, PROBLEM_CODES, type Problem } from "../types";
import { csvMappingByName } from "./csv-mapping-presets";
import { importFile, loadPoints, previewImport, type ImportRequest } from "./import-file";
import { describeProblemGroup, localTime, type ProblemGroup } from "./problem-groups";
import { csvCell } from "@/server/csv/write-csv";
import { scanFile } from "./scan-file";
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

/** The problem groups in words: validity dates from the register, times in the community's zone. */
async function problemCauses(db: Tx, communityId: string, groups: ProblemGroup[]) {
  if (!groups.length) return [];
  const [community, points] = await Promise.all([db.community.findUniqueOrThrow({ where: { id: communityId }, select: { timeZone: true } }), loadPoints(db, communityId)]);
  return groups.map((g) => describeProblemGroup(g, { points, timeZone: community.timeZone }));
}

/** What importing the upload would do; nothing is written and the upload stays for the import. */
export async function previewUpload(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput) {
  const { upload, request } = await uploadRequest(db, scope, actor, input);
  const preview = await previewImport(db, request);
  return { ...preview, fileName: upload.fileName, problemCauses: await problemCauses(db, scope.communityId, preview.problemGroups) };
}

/** Imports the upload (all or nothing), then removes it. */
export async function importUpload(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput) {
  const { upload, request } = await uploadRequest(db, scope, actor, input);
  const result = await importFile(db, request);
  await deleteUpload(upload.uploadId);
  return { ...result, fileName: upload.fileName, problemCauses: await problemCauses(db, scope.communityId, result.problemGroups) };
}

/** Rows of the full problem list past which the download stops (a 1 GB file of garbage stays bounded). */
export const MAX_PROBLEM_ROWS = 1_000_000;

/**
 * Every problem of the upload with these options, as CSV (the preview lists causes; this lists each
 * row): line or element, code, metering point, local time in the community's zone, and the message.
 */
export async function problemListCsv(db: Tx, scope: CommunityScope, actor: Actor, input: UploadedFileInput): Promise<{ fileName: string; body: string }> {
  const { upload, request } = await uploadRequest(db, scope, actor, input);
  const [community, points] = await Promise.all([db.community.findUniqueOrThrow({ where: { id: scope.communityId }, select: { timeZone: true } }), loadPoints(db, scope.communityId)]);
  const lines = ["line,element,code,metering_point,local_time,left_out,message"];
  let more = 0;
  const onProblem = (p: Problem, skipped: boolean) => {
    if (lines.length > MAX_PROBLEM_ROWS) return void (more += 1);
    const at = p.at === undefined ? "" : localTime(p.at, community.timeZone);
    lines.push([p.line, p.element, p.code, p.meteringPoint, at, skipped ? "yes" : "no", p.message].map(csvCell).join(","));
  };
  try {
    await scanFile(request.path, request.fileName, { ...request.options, maxProblems: 0, onProblem }, points);
  } catch (err) {
    if (err instanceof MeteringOptionsError) throw new AppError("BAD_REQUEST", err.message);
    throw err;
  }
  if (more) lines.push(`,,,,,,${csvCell(`… and ${more} more problems not listed`)}`);
  const base = upload.fileName.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "file";
  return { fileName: `${base}-problems.csv`, body: lines.join("\r\n") + "\r\n" };
}
