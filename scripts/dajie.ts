// `npm run -s dajie -- COMMAND [args]`: the command-line face of Dajie.
// Each command is a module in server/cli/<command>.ts exporting `run(args: string[]): Promise<number>`
// (the exit code). Commands print JSON on stdout and human messages on stderr.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cliDir = fileURLToPath(new URL("../server/cli/", import.meta.url));
const commands = readdirSync(cliDir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name === "help" || name === "--help" || !commands.includes(name)) {
  if (name && name !== "help" && name !== "--help") process.stderr.write(`Unknown command: ${name}\n`);
  process.stderr.write(`Usage: npm run -s dajie -- <command> [args]\nCommands: ${commands.join(", ")}\n`);
  process.exit(name && name !== "help" && name !== "--help" ? 2 : 0);
}
const mod = (await import(new URL(`../server/cli/${name}.ts`, import.meta.url).href)) as {
  run: (args: string[]) => Promise<number>;
};
process.exitCode = await mod.run(args);
