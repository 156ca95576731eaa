// `npm run -s dajie -- allocate`: settles a JSON problem read from stdin with the pure engine and
// prints the JSON result on stdout. Invalid input: a JSON error on stderr naming the fields, exit 2.
import { AppError } from "../errors";
import { settleJson } from "../settlement/engine";
import { parseCommand } from "./_args";

const usage = `Usage: npm run -s dajie -- allocate [--pretty] < problem.json
Input: {"rule": {"kind": "dynamic"} | {"kind": "static", "shares": {"m1": "0.25"}, "redistribute": false}
                 | {"kind": "market", "retailEurPerKWh": "0.25", "feedInEurPerKWh": "0.06", "gridFeeEurPerKWh"?: "0.01",
                    "pricing"?: "midpoint" | "uniform", "bids"?: {"m1": "0.20"}, "asks"?: {"p1": "0.10"}},
        "participation"?: {"m1": "0.5"},
        "valuation"?: {"kind": "flat", "priceEurPerKWh": "0.12"}
                    | {"kind": "it-cer", "plantKw": 100, "zone": "north", "pv": true, "grantFactor": 0,
                       "zonalPriceEurPerMWh": ["120.5", ...], "areraEurPerMWh": "8.22",
                       "split"?: {"producers": "0.5", "consumers": "0.3", "fund": "0.2"}},
        "intervals": [{"start": "2025-06-01T10:00:00Z", "consumption": {"m1": "572"}, "production": {"p1": "608"}}]}
Energies in Wh (up to 3 decimals), money in EUR with 2 decimals. See docs/settlement-engine.md and docs/market.md.
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function fail(code: string, message: string, problems: { where: string; message: string }[] = []): number {
  process.stderr.write(`${JSON.stringify({ error: { code, message, problems } })}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, usage, { pretty: { type: "boolean" } });
  if ("exit" in parsed) return parsed.exit;
  let input: unknown;
  try {
    input = JSON.parse(await readStdin());
  } catch (e) {
    return fail("INVALID_JSON", `stdin is not valid JSON: ${(e as Error).message}`);
  }
  try {
    const result = settleJson(input);
    process.stdout.write(`${JSON.stringify(result, null, parsed.values.pretty ? 2 : undefined)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) return fail("INVALID_INPUT", e.message, e.problems);
    throw e;
  }
}
