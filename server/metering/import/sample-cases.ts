// The real sample files (test/fixtures/meter-files) and what importing each must give, shared by the tests of
// the three ways in (service, CLI, HTTP API). Figures were read from the files independently (see
// server/metering/*.test.ts for how each was derived).
import { join } from "node:path";
import type { ProblemCode } from "../types";

// Relative to the project root (vitest and Playwright both run there); sources and licences in its NOTICE.md.
export const SAMPLES_DIR = join(process.cwd(), "test", "fixtures", "meter-files");

export interface SampleChannel {
  /** The metering point id as the file gives it (or derives it). */
  fileId: string;
  /** The community's metering point id to register (the file id is mapped to it). */
  code: string;
  direction: "CONSUMPTION" | "INJECTION";
  intervals: number;
  totalMWh: bigint;
  first: string;
  last: string;
}

export interface SampleCase {
  file: string;
  skip?: ProblemCode[];
  skipped: number;
  channels: SampleChannel[];
}

export const SAMPLE_CASES: SampleCase[] = [
  {
    file: "ebutilities-crmsg.xml",
    skipped: 0,
    channels: [{ fileId: "EPXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", code: "AT-EP", direction: "CONSUMPTION", intervals: 2972, totalMWh: 86_002_000n, first: "2024-02-29T23:00:00.000Z", last: "2024-03-31T21:45:00.000Z" }],
  },
  {
    file: "greenbutton-coastal-multi-family-2011.xml",
    skipped: 0,
    channels: [{ fileId: "urn:uuid:DAE2A527-3662-4066-85A8-C073762A1790", code: "GB-COASTAL-5", direction: "CONSUMPTION", intervals: 8760, totalMWh: 4_425_305_000n, first: "2011-01-01T08:00:00.000Z", last: "2012-01-01T07:00:00.000Z" }],
  },
  {
    file: "greenbutton-electric-abridged.xml",
    skipped: 0,
    channels: [{ fileId: "urn:uuid:C4B46B5D-D4AC-4CD3-9E29-13717DD04140", code: "GB-ABRIDGED", direction: "CONSUMPTION", intervals: 8, totalMWh: 4_086_000n, first: "2011-01-01T08:00:00.000Z", last: "2011-01-01T23:00:00.000Z" }],
  },
  {
    file: "enedis-load-curve-30min.csv",
    skipped: 0,
    channels: [{ fileId: "1111111111111", code: "FR-PRM", direction: "CONSUMPTION", intervals: 17_520, totalMWh: 7_302_599_000n, first: "2022-07-28T22:00:00.000Z", last: "2023-07-28T21:30:00.000Z" }],
  },
  {
    file: "mscons-sample.edi",
    // The sample has deliberate defects: 35 mismatched, 34 off-grid, 1 inverted, 3 repeated intervals.
    skip: ["interval-mismatch", "not-on-grid", "bad-interval", "duplicate-interval"],
    skipped: 73,
    channels: [{ fileId: "US0001062600000001000000022345671", code: "DE-MSCONS", direction: "CONSUMPTION", intervals: 2903, totalMWh: 678_919_000n, first: "2015-11-30T23:00:00.000Z", last: "2015-12-31T22:45:00.000Z" }],
  },
  {
    file: "ausgrid-solar-home-customer12.csv",
    // Two rows fall in the spring-forward gap of Sydney's clock (lines 4470–4471, both 0.0).
    skip: ["nonexistent-local-time"],
    skipped: 2,
    channels: [
      { fileId: "ausgrid-solar-home-customer12", code: "AU-CUSTOMER-12", direction: "CONSUMPTION", intervals: 17_566, totalMWh: 5_938_369_000n, first: "2011-06-30T14:00:00.000Z", last: "2012-06-30T13:30:00.000Z" },
      { fileId: "ausgrid-solar-home-customer12", code: "AU-CUSTOMER-12", direction: "INJECTION", intervals: 17_566, totalMWh: 1_296_404_000n, first: "2011-06-30T14:00:00.000Z", last: "2012-06-30T13:30:00.000Z" },
    ],
  },
];

/**
 * Metering point ids are unique across the platform per period, so each test registers the sample's
 * channels under its own ids (`code` + suffix) and maps the file's ids to them.
 */
export function sampleSetup(c: SampleCase, suffix: string) {
  const points = c.channels.map((ch) => ({ code: `${ch.code}-${suffix}`.toUpperCase(), direction: ch.direction }));
  const aliases = Object.fromEntries(c.channels.map((ch) => [ch.fileId, `${ch.code}-${suffix}`.toUpperCase()]));
  return { points, aliases };
}
