// The app server killed in the middle of an HTTP upload (POST …/imports, which stores the body and
// imports it in one request): a child process serves the real route handler over real HTTP; this test
// sends half of a meter data file, waits until the server has started writing it to its upload folder,
// and SIGKILLs the server. Nothing is imported (no batch, no readings, no audit), the partial file has
// no sidecar (so no later step can pick it up; removeExpired deletes it after a day), and the same
// upload to a restarted server succeeds.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { db } from "@/server/db/client";
import { makeCommunity, makeMember, makeMeteringPoint, makeOrg, makeUser } from "@/server/test/factories";
import { until } from "./until";

const tmp = mkdtempSync(join(tmpdir(), "dajie-upload-kill-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const uploads = join(tmp, "dajie-uploads");
const files = (): string[] => (existsSync(uploads) ? readdirSync(uploads) : []);

/** Starts the server child; resolves with it and its port once it listens. */
async function startServer(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  // `node --import tsx` (not the tsx CLI, which would run the server in a grandchild that survives the kill).
  const child = spawn(process.execPath, ["--import", "tsx", join("server", "faults", "upload-server-child.ts")], { cwd: process.cwd(), env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const port = await until("the server to listen", async () => {
    if (child.exitCode !== null) throw new Error(`the server ended (code ${child.exitCode}):\n${out}`);
    return Number(/listening:(\d+)/.exec(out)?.[1] ?? 0) || null;
  });
  return { child, port, output: () => out };
}

function post(port: number, path: string, token: string): http.ClientRequest {
  return http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv", "transfer-encoding": "chunked" } });
}

describe("the app server killed mid-upload", () => {
  // Two server processes (node + tsx + the server modules) start here: ~10 s alone, ~25 s beside other test files.
  it("imports nothing, leaves no usable upload, and the same upload to a restarted server is imported (2 points × 96 readings = 192)", { timeout: 60_000 }, async () => {
    const org = await makeOrg("MUNICIPALITY");
    const admin = await makeUser();
    await db().orgMembership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
    const community = await makeCommunity(org.id, admin.id);
    const member = await makeMember(community.id);
    const points = [await makeMeteringPoint(community.id, member.id), await makeMeteringPoint(community.id, member.id)];
    const { token } = await createApiToken(db(), { userId: admin.id }, org.id, { name: "esco system", scopes: ["readings:import"] });
    const lines = points.flatMap((p) => Array.from({ length: 96 }, (_, i) => `${p.code},consumption,${new Date(Date.parse("2026-02-01T00:00:00Z") + i * 900_000).toISOString()},0.${(i % 9) + 1}`));
    const header = "metering_point,direction,start,kwh\n";
    const path = `/api/v1/communities/${community.slug}/imports?format=csv&fileName=kill.csv`;

    const first = await startServer();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once("exit", (_code, signal) => resolve(signal)));
    const req = post(first.port, path, token);
    req.on("error", () => undefined); // the connection dies with the server
    req.write(header + lines.slice(0, 100).join("\n") + "\n");
    const partial = await until("the server to start writing the upload", async () => files().find((f) => !f.endsWith(".json") && statSync(join(uploads, f)).size > 0));
    first.child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    req.destroy();

    expect(await db().importBatch.count({ where: { communityId: community.id } })).toBe(0);
    expect(await db().reading.count({ where: { meteringPointId: { in: points.map((p) => p.id) } } })).toBe(0);
    expect(await db().auditEvent.count({ where: { communityId: community.id, action: { startsWith: "readings.import" } } })).toBe(0);
    expect(files()).not.toContain(`${partial}.json`);

    const second = await startServer();
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const again = post(second.port, path, token);
        again.on("response", (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString("utf8")));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        again.on("error", reject);
        again.end(header + lines.join("\n") + "\n");
      });
      expect(answer.status, answer.body).toBe(201);
      expect(await db().reading.count({ where: { meteringPointId: { in: points.map((p) => p.id) } } })).toBe(192);
      expect(await db().importBatch.count({ where: { communityId: community.id, status: "COMPLETED" } })).toBe(1);
    } finally {
      second.child.kill("SIGKILL");
    }
  });
});
