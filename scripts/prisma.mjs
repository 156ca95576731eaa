#!/usr/bin/env node
// Runs the Prisma CLI on a machine without internet access.
// Every prisma command first tries to download the native schema engine; no npm package ships it.
// Pointing PRISMA_SCHEMA_ENGINE_BINARY at a stub lets `generate`, `validate` and `format` work.
// Migrations are authored with `npm run db:migration:new` and applied with `npm run db:migrate`.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const stub = join(here, "prisma-schema-engine-stub.sh");
if (existsSync(stub)) chmodSync(stub, 0o755);
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
