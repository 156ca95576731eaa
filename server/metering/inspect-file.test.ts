import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { samplePath } from "./test-support";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dajie = (...args: string[]) =>
  promisify(execFile)("node_modules/.bin/tsx", ["scripts/dajie.ts", ...args], { cwd: root, timeout: 60_000 });

describe("dajie inspect (the real CLI)", () => {
  it("prints one JSON object for the ebUtilities sample: 2972 quarter hours, 86002 Wh", async () => {
    const { stdout } = await dajie("inspect", samplePath("ebutilities-crmsg.xml"), "--tz", "Europe/Vienna");
    expect(JSON.parse(stdout)).toEqual({
      format: "ebutilities",
      channels: [
        {
          meteringPoint: "EPXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
          direction: "consumption",
          intervalSeconds: 900,
          intervals: 2972,
          start: "2024-02-29T23:00:00Z",
          end: "2024-03-31T22:00:00Z",
          totalWh: "86002",
          gaps: [],
        },
      ],
      problems: [],
      problemCounts: {},
    });
  }, 60_000);

  it("exits 2 with a message for an unknown format", async () => {
    await expect(dajie("inspect", samplePath("NOTICE.md"))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("unrecognised file format") });
  }, 60_000);
});
