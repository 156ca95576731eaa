import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hex, leafHash } from "./merkle";
import { proofLineOutput, verifyProofLine } from "./proof-json";

// RFC 6962 reference vectors: leaf 5 ("40414243") of the 8-leaf tree, and sizes 6 → 8.
const ROOT8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
const ROOT6 = "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef";
const inclusion = {
  type: "inclusion",
  leafIndex: 5,
  treeSize: 8,
  leafHash: "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
  proof: [
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  ],
  root: ROOT8,
};
const consistency = {
  type: "consistency",
  size1: 6,
  size2: 8,
  root1: ROOT6,
  root2: ROOT8,
  proof: [
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  ],
};
const line = (o: object) => JSON.stringify(o);
const errorOf = async (text: string) => {
  const r = await verifyProofLine(text);
  return r !== null && r.valid === false ? r.error : `unexpectedly ${JSON.stringify(r)}`;
};

describe("verifyProofLine", () => {
  it("leaf 5 of 8 with the RFC 6962 proof → valid", async () => {
    // The leaf hash above is SHA-256(0x00 ‖ 40414243); check it rather than trust the literal.
    expect(hex(leafHash(Buffer.from("40414243", "hex")))).toBe(inclusion.leafHash);
    expect(await proofLineOutput(line(inclusion))).toBe('{"valid": true}');
  });

  it("6 → 8 leaves with the RFC 6962 proof → valid", async () => {
    expect(await proofLineOutput(line(consistency))).toBe('{"valid": true}');
  });

  it("uppercase hex and surrounding whitespace are accepted", async () => {
    const upper = { ...consistency, root1: ROOT6.toUpperCase(), proof: consistency.proof.map((p) => p.toUpperCase()) };
    expect(await verifyProofLine(`  ${line(upper)}\r`)).toEqual({ valid: true });
  });

  it("blank lines → no output", async () => {
    expect(await proofLineOutput("")).toBeNull();
    expect(await proofLineOutput("   \t\r")).toBeNull();
  });

  it("a wrong proof → valid false with the verifier's reason, as one JSON line", async () => {
    const out = await proofLineOutput(line({ ...inclusion, root: ROOT6 }));
    expect(out).toMatch(/^\{"valid": false, "error": "proof leads to root 5dc9da79.*, expected 76e67dad.*"\}$/);
    expect(JSON.parse(out!)).toMatchObject({ valid: false });
    expect(await errorOf(line({ ...inclusion, leafIndex: 8 }))).toBe("leafIndex 8 must be less than treeSize 8");
    expect(await errorOf(line({ ...consistency, size1: 9 }))).toBe("size1 9 must not exceed size2 8");
    expect(await errorOf(line({ ...consistency, proof: consistency.proof.slice(1) }))).toBe(
      "proof has 2 hashes; sizes 6 → 8 need exactly 3",
    );
  });

  const malformed: [string, string, RegExp][] = [
    ["not JSON", "{type: inclusion}", /^invalid JSON: /],
    ["a truncated object", line(inclusion).slice(0, 40), /^invalid JSON: /],
    ["a JSON array", "[1, 2]", /^expected a JSON object$/],
    ["JSON null", "null", /^expected a JSON object$/],
    ["a JSON number", "42", /^expected a JSON object$/],
    ["no type", line({ ...inclusion, type: undefined }), /^type: expected "inclusion" or "consistency"$/],
    ["an unknown type", line({ ...inclusion, type: "audit" }), /^type: expected "inclusion" or "consistency"$/],
    ["a missing leafIndex", line({ ...inclusion, leafIndex: undefined }), /^leafIndex: expected a non-negative integer$/],
    ["leafIndex as a string", line({ ...inclusion, leafIndex: "5" }), /^leafIndex: expected a non-negative integer$/],
    ["leafIndex -1", line({ ...inclusion, leafIndex: -1 }), /^leafIndex: expected a non-negative integer below 2\^53$/],
    ["treeSize 8.5", line({ ...inclusion, treeSize: 8.5 }), /^treeSize: expected a non-negative integer below 2\^53$/],
    ["size2 1e20", line({ ...consistency, size2: 1e20 }), /^size2: expected a non-negative integer below 2\^53$/],
    ["a 62-hex-digit root", line({ ...inclusion, root: ROOT8.slice(2) }), /^root: expected 64 hex characters \(32 bytes\)$/],
    ["a 0x-prefixed leaf hash", line({ ...inclusion, leafHash: `0x${inclusion.leafHash.slice(2)}` }), /^leafHash: expected 64 hex/],
    ["non-hex digits in root2", line({ ...consistency, root2: "zz" + ROOT8.slice(2) }), /^root2: expected 64 hex/],
    ["root1 as a number", line({ ...consistency, root1: 5 }), /^root1: expected a hex string$/],
    ["proof as a string", line({ ...inclusion, proof: inclusion.proof[0] }), /^proof: expected an array of hex hashes$/],
    ["a bad proof[1]", line({ ...inclusion, proof: [inclusion.proof[0], "abc", inclusion.proof[2]] }), /^proof\[1\]: expected 64 hex/],
    ["an unknown field", line({ ...inclusion, note: "x" }), /^line: Unrecognized key: "note"$/],
    ["inclusion fields on a consistency line", line({ ...consistency, leafIndex: 1 }), /Unrecognized key: "leafIndex"/],
  ];
  for (const [name, text, error] of malformed) {
    it(`${name} → valid false`, async () => {
      expect(await errorOf(text)).toMatch(error);
    });
  }

  it("several problems are reported together", async () => {
    expect(await errorOf(line({ type: "consistency", size1: -1, root1: "x" }))).toBe(
      "size1: expected a non-negative integer below 2^53; size2: expected a non-negative integer; " +
        "root1: expected 64 hex characters (32 bytes); root2: expected a hex string; proof: expected an array of hex hashes",
    );
  });

  it("property: any input line → null or one line of JSON with a boolean valid, never a throw", async () => {
    const anyLine = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ type: fc.constantFrom("inclusion", "consistency"), leafIndex: fc.anything(), proof: fc.anything() }).map(line),
      fc.dictionary(fc.constantFrom(...Object.keys(inclusion)), fc.jsonValue()).map((o) => line({ ...inclusion, ...o })),
    );
    await fc.assert(
      fc.asyncProperty(anyLine, async (text) => {
        const out = await proofLineOutput(text);
        if (out === null) {
          expect(text.trim()).toBe("");
        } else {
          expect(out).not.toContain("\n");
          expect(typeof JSON.parse(out).valid).toBe("boolean");
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("dajie proof verify (real CLI)", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const runCli = (args: string[], stdin: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("node_modules/.bin/tsx", ["scripts/dajie.ts", "proof", ...args], { cwd: root });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });

  it("4 lines (valid, blank, garbage, invalid) → 3 verdicts, exit 0", async () => {
    const input = [line(inclusion), "", "not json", line({ ...consistency, root2: ROOT6 }), ""].join("\n");
    const { code, stdout, stderr } = await runCli(["verify"], input);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const out = stdout.trimEnd().split("\n");
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('{"valid": true}');
    expect(JSON.parse(out[1]!)).toMatchObject({ valid: false, error: expect.stringMatching(/^invalid JSON/) });
    expect(JSON.parse(out[2]!)).toMatchObject({ valid: false, error: expect.stringMatching(/^proof leads to root2/) });
  }, 30_000);

  it("an unknown subcommand → usage on stderr, exit 2", async () => {
    const { code, stdout, stderr } = await runCli(["check"], "");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/Usage: npm run -s dajie -- proof verify/);
  }, 30_000);
});
