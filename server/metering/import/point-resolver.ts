// Maps a file's channel (metering point id + direction) and interval to one of the community's
// metering points, checking the point's validity. Pure: the caller loads the points.
import type { Direction } from "../types";

export interface KnownPoint {
  id: string;
  code: string;
  direction: "CONSUMPTION" | "INJECTION";
  /** Validity [validFrom, validTo) as epoch ms (UTC midnight of the dates); validTo null = open. */
  validFrom: number;
  validTo: number | null;
  /** Capacity in W (capacity_kw × 1000); null or 0 = unknown. Bounds its readings (reading-bounds.ts). */
  capacityW?: bigint | null;
}

export type Resolution = { ok: true; pointId: string; capacityW: bigint | null } | { ok: false; code: "unknown-metering-point" | "outside-validity"; message: string };

const normalise = (code: string) => code.trim().toUpperCase();

export class PointResolver {
  private readonly byCode = new Map<string, KnownPoint[]>();
  /** candidates() per direction and file id: resolve() runs once per reading, channels are few. */
  private readonly memo: Record<Direction, Map<string, KnownPoint[]>> = { consumption: new Map(), injection: new Map(), unknown: new Map() };

  /** `aliases`: file id → community metering point id, for files whose ids differ from the register. */
  constructor(
    points: KnownPoint[],
    private readonly aliases: Record<string, string> = {},
  ) {
    for (const p of points) {
      const list = this.byCode.get(normalise(p.code)) ?? [];
      list.push(p);
      this.byCode.set(normalise(p.code), list);
    }
  }

  codeFor(fileId: string): string {
    return normalise(this.aliases[fileId] ?? fileId);
  }

  /** Candidates for a channel: same id and direction; a file without direction needs a single direction. */
  candidates(fileId: string, direction: Direction): KnownPoint[] {
    const memo = this.memo[direction];
    let found = memo.get(fileId);
    if (!found) {
      found = this.lookup(fileId, direction);
      memo.set(fileId, found);
    }
    return found;
  }

  private lookup(fileId: string, direction: Direction): KnownPoint[] {
    const all = this.byCode.get(this.codeFor(fileId)) ?? [];
    if (direction === "unknown") {
      const directions = new Set(all.map((p) => p.direction));
      return directions.size === 1 ? all : [];
    }
    return all.filter((p) => p.direction === (direction === "consumption" ? "CONSUMPTION" : "INJECTION"));
  }

  resolve(fileId: string, direction: Direction, startMs: number, intervalSeconds: number): Resolution {
    const candidates = this.candidates(fileId, direction);
    if (candidates.length === 0) {
      const code = this.codeFor(fileId);
      const ambiguous = direction === "unknown" && (this.byCode.get(code)?.length ?? 0) > 0;
      return {
        ok: false,
        code: "unknown-metering-point",
        message: ambiguous
          ? `${code} has several directions in this community and the file does not say which`
          : `${code}${direction === "unknown" ? "" : ` (${direction})`} is not a metering point of this community`,
      };
    }
    const end = startMs + intervalSeconds * 1000;
    const hit = candidates.find((p) => p.validFrom <= startMs && (p.validTo === null || end <= p.validTo));
    if (hit) return { ok: true, pointId: hit.id, capacityW: hit.capacityW ?? null };
    return { ok: false, code: "outside-validity", message: `${this.codeFor(fileId)} is not valid at ${new Date(startMs).toISOString()}` };
  }
}
