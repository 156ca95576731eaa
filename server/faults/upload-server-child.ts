// Child process of upload-kill.int.test.ts: a bare node HTTP server that serves the readings import
// route (POST /api/v1/communities/{slug}/imports), the same handler Next.js runs, and prints
// "listening:<port>". The test kills it in the middle of a request body.
//   node --import tsx server/faults/upload-server-child.ts   (DATABASE_URL, TMPDIR in env)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { POST } from "@/app/api/v1/communities/[slug]/imports/route";

const server = http.createServer((req, res) => {
  const slug = /^\/api\/v1\/communities\/([^/?]+)\/imports/.exec(req.url ?? "")?.[1];
  if (!slug || req.method !== "POST") {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } as RequestInit);
  void POST(request, { params: Promise.resolve({ slug }) }).then(async (response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening:${(server.address() as AddressInfo).port}`));
