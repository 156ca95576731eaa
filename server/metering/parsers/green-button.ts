// Green Button / NAESB ESPI Atom feeds. Readings are IntervalReadings (timePeriod start in Unix
// seconds UTC, duration in seconds, value × 10^powerOfTenMultiplier in the ReadingType's uom).
// Entries are tied together by Atom links: an IntervalBlock's "up" link names its MeterReading,
// whose "related" link names its ReadingType; the MeterReading's href starts with its UsagePoint's.
//
// Metering point id: the `meteringPoint` option, else the UsagePoint entry's Atom <id> (permanent
// by RFC 4287, e.g. "urn:uuid:DAE2A527-…"), else the UsagePoint href, else "greenbutton".
// Quality (ReadingQuality/quality): 7 manually edited and 13 mixed → substituted; 8, 9 estimated,
// 11 derived, 12 projected, 15 weather-normalised → estimated; anything else (0 valid, 14 raw,
// 17 validated, 18 verified, …) → measured. The worst of several qualities wins.
import { decimalToMilliwattHours, type Unit } from "../energy-units";
import type { Direction, ProblemSink, Quality, Reading } from "../types";
import type { ByteSource } from "./byte-source";
import { parseXml, type XmlElement, type XmlHandler } from "./xml-events";

export interface GreenButtonOptions {
  problems: ProblemSink;
  meteringPoint?: string;
  /** Readings held back while their ReadingType is still unknown (feeds in an unusual order). */
  maxPending?: number;
}

const ATOM = "http://www.w3.org/2005/Atom";
const ESPI = "http://naesb.org/espi";

interface ReadingType {
  href: string;
  flowDirection?: number;
  uom?: number;
  powerOfTenMultiplier: number;
  accumulationBehaviour?: number;
}

interface RawReading {
  start?: number;
  duration?: number;
  value?: string;
  quality: Quality;
  line: number;
}

interface Entry {
  id?: string;
  links: { rel: string; href: string }[];
  kind?: string;
  readingType?: Partial<ReadingType>;
  held: RawReading[];
}

const QUALITY_RANK: Record<Quality, number> = { measured: 0, substituted: 1, estimated: 2 };
function qualityOf(code: number): Quality {
  if (code === 7 || code === 13) return "substituted";
  if ([8, 9, 11, 12, 15].includes(code)) return "estimated";
  return "measured";
}

function directionOf(flow: number | undefined): Direction {
  return flow === 1 ? "consumption" : flow === 19 ? "injection" : "unknown";
}

const upTo = (href: string, marker: RegExp) => marker.exec(href)?.[0];

class GreenButtonHandler implements XmlHandler<Reading> {
  private out: Reading[] = [];
  private entry: Entry | undefined;
  private reading: RawReading | undefined;
  private readonly readingTypes = new Map<string, ReadingType>();
  private readonly readingTypeOfMeterReading = new Map<string, string>();
  private readonly usagePointIds = new Map<string, string>();
  /** Readings whose ReadingType is not known yet, by MeterReading href. */
  private readonly waiting = new Map<string, RawReading[]>();
  private waitingCount = 0;
  private readonly reported = new Set<string>();

  constructor(private readonly options: GreenButtonOptions) {}

  drain(): Reading[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  open(el: XmlElement): void {
    if (el.uri === ATOM && el.local === "entry") this.entry = { links: [], held: [] };
    else if (el.uri === ATOM && el.local === "link" && this.entry) {
      this.entry.links.push({ rel: el.attributes.rel ?? "", href: el.attributes.href ?? "" });
    } else if (el.uri === ESPI) {
      if (el.local === "IntervalReading") this.reading = { quality: "measured", line: el.line };
      else if (el.local === "ReadingType") {
        if (this.entry) this.entry.readingType = { powerOfTenMultiplier: 0 };
      }
      if (this.entry && !this.entry.kind && ["UsagePoint", "MeterReading", "ReadingType", "IntervalBlock"].includes(el.local)) {
        this.entry.kind = el.local;
      }
    }
  }

  close(el: XmlElement, text: string, parents: readonly XmlElement[]): void {
    const parent = parents[parents.length - 1]?.local;
    const entry = this.entry;
    if (el.uri === ATOM) {
      if (el.local === "id" && entry && parent === "entry") entry.id = text;
      if (el.local === "entry" && entry) this.closeEntry(entry);
      return;
    }
    if (el.uri !== ESPI) return;
    const r = this.reading;
    if (r) {
      if (parent === "timePeriod" && el.local === "start") r.start = Number(text);
      else if (parent === "timePeriod" && el.local === "duration") r.duration = Number(text);
      else if (parent === "IntervalReading" && el.local === "value") r.value = text;
      else if (parent === "ReadingQuality" && el.local === "quality") {
        const q = qualityOf(Number(text));
        if (QUALITY_RANK[q] > QUALITY_RANK[r.quality]) r.quality = q;
      } else if (el.local === "IntervalReading") {
        this.reading = undefined;
        this.route(r);
      }
      return;
    }
    const rt = entry?.readingType;
    if (rt && parent === "ReadingType") {
      const n = Number(text);
      if (el.local === "flowDirection") rt.flowDirection = n;
      else if (el.local === "uom") rt.uom = n;
      else if (el.local === "powerOfTenMultiplier") rt.powerOfTenMultiplier = n;
      else if (el.local === "accumulationBehaviour") rt.accumulationBehaviour = n;
    }
  }

  end(): void {
    for (const [meterReading, held] of this.waiting) {
      this.options.problems.add({
        line: held[0]?.line,
        element: "IntervalReading",
        code: "unit-missing",
        message: `${held.length} readings of ${meterReading || "an unlinked MeterReading"} have no ReadingType (no uom)`,
      });
    }
    this.waiting.clear();
  }

  private href(entry: Entry, rel: string): string | undefined {
    return entry.links.find((l) => l.rel === rel)?.href;
  }

  /** The MeterReading an IntervalBlock entry belongs to, from its "up" or "self" link. */
  private meterReadingOf(entry: Entry): string | undefined {
    const link = this.href(entry, "up") ?? this.href(entry, "self");
    return link ? upTo(link, /^.*\/MeterReading\/[^/]+/) : undefined;
  }

  private readingTypeFor(meterReading: string): ReadingType | undefined {
    const href = this.readingTypeOfMeterReading.get(meterReading);
    if (href) return this.readingTypes.get(href);
    // Unlinked feeds: a lone ReadingType can only be this one's.
    return this.readingTypes.size === 1 ? [...this.readingTypes.values()][0] : undefined;
  }

  private route(r: RawReading): void {
    const entry = this.entry;
    const meterReading = entry ? this.meterReadingOf(entry) : "";
    // Links normally precede <content>; until they are seen, hold readings back with the entry.
    if (entry && meterReading === undefined) {
      this.hold(entry.held, r);
      return;
    }
    this.deliver(meterReading ?? "", [r]);
  }

  private hold(list: RawReading[], r: RawReading): void {
    if (this.waitingCount >= (this.options.maxPending ?? 100_000)) {
      if (!this.reported.has("overflow")) {
        this.reported.add("overflow");
        this.options.problems.add({ line: r.line, element: "IntervalReading", code: "unit-missing", message: "too many readings before their ReadingType; later ones dropped" });
      }
      return;
    }
    this.waitingCount++;
    list.push(r);
  }

  private deliver(meterReading: string, readings: RawReading[]): void {
    const rt = this.readingTypeFor(meterReading);
    if (!rt) {
      let list = this.waiting.get(meterReading);
      if (!list) this.waiting.set(meterReading, (list = []));
      for (const r of readings) this.hold(list, r);
      return;
    }
    const usagePoint = upTo(meterReading, /^.*\/UsagePoint\/[^/]+/);
    const meteringPoint =
      this.options.meteringPoint ?? (usagePoint ? (this.usagePointIds.get(usagePoint) ?? usagePoint) : "greenbutton");
    for (const r of readings) this.emit(r, rt, meteringPoint);
  }

  private emit(r: RawReading, rt: ReadingType, meteringPoint: string): void {
    const problems = this.options.problems;
    const at = { line: r.line, element: "IntervalReading" };
    const unit: Unit | undefined = rt.uom === 72 ? "Wh" : rt.uom === 38 ? "W" : undefined;
    const scaleOk = Number.isInteger(rt.powerOfTenMultiplier) && Math.abs(rt.powerOfTenMultiplier) <= 20;
    // Cumulative register values (bulkQuantity 1, cumulative 3) are not interval energy.
    if (!unit || !scaleOk || rt.accumulationBehaviour === 1 || rt.accumulationBehaviour === 3) {
      if (!this.reported.has(rt.href)) {
        this.reported.add(rt.href);
        const code = rt.uom === undefined ? "unit-missing" : unit ? "unsupported-reading-type" : "unsupported-unit";
        problems.add({ ...at, code, message: `ReadingType ${rt.href}: uom ${rt.uom ?? "missing"}, accumulationBehaviour ${rt.accumulationBehaviour ?? "-"}; its readings are skipped` });
      }
      return;
    }
    if (r.start === undefined || !Number.isSafeInteger(r.start) || r.duration === undefined || !(r.duration > 0) || !Number.isInteger(r.duration)) {
      problems.add({ ...at, code: "missing-field", message: "IntervalReading needs timePeriod/start and a positive timePeriod/duration" });
      return;
    }
    if (r.value === undefined || !/^-?\d{1,20}$/.test(r.value)) {
      problems.add({ ...at, code: "non-numeric", message: `value "${(r.value ?? "").slice(0, 30)}" is not an integer` });
      return;
    }
    const energy = decimalToMilliwattHours({ digits: BigInt(r.value), scale: -rt.powerOfTenMultiplier }, unit, r.duration);
    if (!energy.ok) {
      problems.add({ ...at, code: energy.code, message: energy.message });
      return;
    }
    this.out.push({
      meteringPoint,
      direction: directionOf(rt.flowDirection),
      start: r.start * 1000,
      intervalSeconds: r.duration,
      energyMWh: energy.mWh,
      quality: r.quality,
      source: { line: r.line, element: "IntervalReading" },
    });
  }

  private closeEntry(entry: Entry): void {
    this.entry = undefined;
    const self = this.href(entry, "self");
    if (entry.kind === "UsagePoint" && self && entry.id) this.usagePointIds.set(self, entry.id);
    if (entry.kind === "ReadingType" && entry.readingType && self) {
      const rt = entry.readingType;
      this.readingTypes.set(self, { ...rt, href: self, powerOfTenMultiplier: rt.powerOfTenMultiplier ?? 0 });
    }
    if (entry.kind === "MeterReading" && self) {
      const related = entry.links.find((l) => l.rel === "related" && /\/ReadingType\/[^/]+$/.test(l.href));
      if (related) this.readingTypeOfMeterReading.set(self, related.href);
    }
    if (entry.held.length > 0) {
      this.waitingCount -= entry.held.length;
      this.deliver(this.meterReadingOf(entry) ?? "", entry.held);
    }
    if ((entry.kind === "ReadingType" || entry.kind === "MeterReading") && this.waiting.size > 0) {
      const waiting = [...this.waiting];
      this.waiting.clear();
      for (const [meterReading, held] of waiting) {
        this.waitingCount -= held.length;
        this.deliver(meterReading, held);
      }
    }
  }
}

export function parseGreenButton(input: ByteSource, options: GreenButtonOptions): AsyncGenerator<Reading> {
  return parseXml(input, new GreenButtonHandler(options), options.problems);
}
