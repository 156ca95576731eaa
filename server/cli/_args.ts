// The one argument parser of the CLI commands (node:util parseArgs, strict): every command declares
// its options and usage, and gets back its values and positionals — or, for --help (exit 0) or a bad
// option (exit 2), the exit code after the usage was printed. (The leading "_" keeps scripts/dajie.ts
// from listing this file as a command.)
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type WithHelp<O extends Options> = O & { help: { type: "boolean" } };
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>>;

export type CommandArgs<O extends Options> = { values: Parsed<O>["values"]; positionals: string[] };

/**
 * Parses `args` with the command's `options` (plus --help). Positionals are allowed only when the
 * command takes some (`maxPositionals` > 0); more than that is bad usage.
 */
export function parseCommand<const O extends Options>(args: string[], usage: string, options: O, maxPositionals = 0): CommandArgs<O> | { exit: number } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: "boolean" } } as WithHelp<O>, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return { exit: 2 };
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stderr.write(usage);
    return { exit: 0 };
  }
  if (parsed.positionals.length > maxPositionals) {
    process.stderr.write(`Unexpected argument${parsed.positionals.length - maxPositionals > 1 ? "s" : ""}: ${parsed.positionals.slice(maxPositionals).join(" ")}\n${usage}`);
    return { exit: 2 };
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Bad usage: the message, then the usage; exit 2. */
export function usageError(usage: string, message?: string): number {
  process.stderr.write(message ? `${message}\n${usage}` : usage);
  return 2;
}
