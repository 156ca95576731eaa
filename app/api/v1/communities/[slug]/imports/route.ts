import { handleApiImport } from "@/server/metering/import/http-import";

export const runtime = "nodejs";

export async function POST(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleApiImport(req, (await params).slug);
}
