// What the list download routes share: the list's filters from the query string (the same zod schema
// as the tRPC list, so the file holds exactly what the list shows), the format, and the file answer.
import type { z } from "zod";
import { resolveOrgScope, type OrgScope } from "@/server/access/scope";
import { AppError, notFound } from "@/server/errors";
import type { ListFile, ListFormat } from "@/server/members/member-list";
import { fileResponse, type SessionAccess } from "./route-edge";

export function listFormat(url: URL): ListFormat {
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") throw new AppError("BAD_REQUEST", "Ask for format=csv or format=xlsx.", [{ where: "format", message: `Unknown format ${format}.` }]);
  return format;
}

/** The query string's parameters (but `format`) read by the list's schema; a bad one is a 400 naming it. */
export function listQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw = Object.fromEntries([...url.searchParams].filter(([k, v]) => k !== "format" && v !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The list's filters are not valid.", parsed.error.issues.map((i) => ({ where: i.path.join(".") || "query", message: i.message })));
  return parsed.data;
}

export function listFileResponse(file: ListFile): Response {
  return fileResponse(file, { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.fileName}"`, "Cache-Control": "no-store" });
}

/** An administrator of the organization named by the route's `orgId` (as orgAdminProcedure). */
export const orgAdmin: SessionAccess<{ org: OrgScope }> = {
  async resolve(db, user, { params }) {
    const orgId = params.orgId;
    if (typeof orgId !== "string" || !/^[0-9a-f-]{36}$/i.test(orgId)) throw notFound("Organization");
    return { org: await resolveOrgScope(db, user.id, orgId, true) };
  },
};
