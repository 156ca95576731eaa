// Austrian ebUtilities ConsumptionRecord (EDA message DATEN_CRMSG), any schema version: elements
// are matched by namespace URI (…/customerprocesses/…, version-independent) and local name.
//
// Direction from EnergyData@MeterCode, e.g. "1-1:1.9.0 G.01":
// - the OBIS quantity C decides: 1.x.x = energy drawn from the grid (consumption), 2.x.x = fed in
//   (injection). This is how EDA labels series ("1-1:1.9.0 G.01" consumption, "1-1:2.9.0 G.01"
//   generation, "1-1:2.9.0 P.01" surplus fed in); the sample's "1-1:1.9.0 P.01" is consumption
//   (it has night-time values every night of March 2024, which PV injection cannot have).
// - without an OBIS part, the suffix alone: G.01 consumption, P.01 injection.
// - only G.01 and P.01 are meter values; G.02, G.03 and the "…T" series are the operator's
//   allocation results (shares, self-coverage, participation factor) and are skipped with
//   `unsupported-meter-code`, one problem per EnergyData block.
// Quality MM: L1 measured, L2 substituted, L3 estimated.
import { parseUnit, toMilliwattHours, type Unit } from "../energy-units";
import { LocalClock } from "../local-time";
import { parseTimestamp } from "../timestamps";
import type { Direction, Problem, ProblemSink, Quality, Reading } from "../types";
import type { ByteSource } from "./byte-source";
import { parseXml, type XmlElement, type XmlHandler } from "./xml-events";

export interface EbUtilitiesOptions {
  problems: ProblemSink;
  /** For timestamps without an offset (the schema requires one); Europe/Vienna by default. */
  timeZone?: string;
}

const EB_NAMESPACE = "http://www.ebutilities.at/schemata/customerprocesses/";
const INTERVALS: Record<string, number> = { QH: 900, H: 3600, D: 86_400 };
const QUALITIES: Record<string, Quality> = { L1: "measured", L2: "substituted", L3: "estimated" };

/** "1-1:1.9.0 G.01" → consumption; undefined when the code is not a meter value series. */
export function meterCodeDirection(code: string): Direction | undefined {
  const m = /^(?:(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)\s+)?([GP])\.01$/.exec(code.trim());
  if (!m) return undefined;
  const [, , , quantity, , , kind] = m;
  if (quantity === undefined) return kind === "G" ? "consumption" : "injection";
  return quantity === "1" ? "consumption" : quantity === "2" ? "injection" : "unknown";
}

interface Series {
  direction: Direction;
  unit: Unit;
}

interface Ep {
  line: number;
  dtf?: string;
  dtt?: string;
  mm?: string;
  bq?: string;
}

class EbUtilitiesHandler implements XmlHandler<Reading> {
  private out: Reading[] = [];
  private meteringPoint: string | undefined;
  private intervalSeconds: number | undefined;
  /** null while inside an EnergyData block that is skipped. */
  private series: Series | null | undefined;
  private ep: Ep | undefined;
  private readonly clock: LocalClock;

  constructor(private readonly options: EbUtilitiesOptions) {
    this.clock = new LocalClock(options.timeZone ?? "Europe/Vienna");
  }

  drain(): Reading[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private problem(p: Problem): void {
    this.options.problems.add(p);
  }

  open(el: XmlElement): void {
    if (!el.uri.startsWith(EB_NAMESPACE)) return;
    if (el.local === "Energy") this.intervalSeconds = undefined;
    else if (el.local === "EnergyData") this.series = this.openSeries(el);
    else if (el.local === "EP") this.ep = { line: el.line };
  }

  private openSeries(el: XmlElement): Series | null {
    const at = { line: el.line, element: "EnergyData" };
    const code = el.attributes.MeterCode ?? "";
    const direction = meterCodeDirection(code);
    if (!direction) {
      this.problem({ ...at, code: "unsupported-meter-code", message: `MeterCode "${code}" is not a meter value series (G.01/P.01); block skipped` });
      return null;
    }
    const uom = el.attributes.UOM;
    if (!uom) {
      this.problem({ ...at, code: "unit-missing", message: "EnergyData has no UOM; block skipped" });
      return null;
    }
    const unit = parseUnit(uom);
    if (!unit || unit.endsWith("W")) {
      this.problem({ ...at, code: "unsupported-unit", message: `UOM "${uom}" is not KWH, WH or MWH; block skipped` });
      return null;
    }
    return { direction, unit };
  }

  close(el: XmlElement, text: string, parents: readonly XmlElement[]): void {
    if (!el.uri.startsWith(EB_NAMESPACE)) return;
    const parent = parents[parents.length - 1]?.local;
    const ep = this.ep;
    if (ep && parent === "EP") {
      if (el.local === "DTF") ep.dtf = text;
      else if (el.local === "DTT") ep.dtt = text;
      else if (el.local === "MM") ep.mm = text;
      else if (el.local === "BQ") ep.bq = text;
      return;
    }
    switch (el.local) {
      case "MeteringPoint":
        if (parent === "ProcessDirectory") this.meteringPoint = text;
        break;
      case "MeteringIntervall":
        this.intervalSeconds = INTERVALS[text];
        break;
      case "EnergyData":
        this.series = undefined;
        break;
      case "EP":
        this.ep = undefined;
        if (ep && this.series) this.emit(ep, this.series);
        break;
    }
  }

  private instant(text: string | undefined): number | undefined {
    const t = text === undefined ? undefined : parseTimestamp(text);
    if (!t) return undefined;
    return t.kind === "instant" ? t.ms : this.clock.resolve("", t.local);
  }

  private emit(ep: Ep, series: Series): void {
    const at = { line: ep.line, element: "EP" };
    if (!this.meteringPoint) {
      this.problem({ ...at, code: "metering-point-missing", message: "no ProcessDirectory/MeteringPoint before the data" });
      return;
    }
    if (ep.dtf === undefined || ep.bq === undefined || ep.mm === undefined) {
      const missing = (["DTF", "BQ", "MM"] as const).filter((k) => ep[k.toLowerCase() as "dtf"] === undefined);
      this.problem({ ...at, code: "missing-field", message: `EP without ${missing.join(", ")}` });
      return;
    }
    const start = this.instant(ep.dtf);
    if (start === undefined) {
      this.problem({ ...at, code: "bad-timestamp", message: `DTF "${ep.dtf.slice(0, 40)}" is not a timestamp` });
      return;
    }
    let intervalSeconds = this.intervalSeconds;
    if (ep.dtt !== undefined) {
      const end = this.instant(ep.dtt);
      if (end === undefined) {
        this.problem({ ...at, code: "bad-timestamp", message: `DTT "${ep.dtt.slice(0, 40)}" is not a timestamp` });
        return;
      }
      intervalSeconds = (end - start) / 1000;
      if (intervalSeconds <= 0) {
        this.problem({ ...at, code: "bad-interval", message: `DTT ${ep.dtt} is not after DTF ${ep.dtf}` });
        return;
      }
      // Found by fuzzing: fractional seconds in DTF/DTT gave an interval of 899.5 s.
      if (!Number.isInteger(intervalSeconds)) {
        this.problem({ ...at, code: "bad-interval", message: `DTF ${ep.dtf} to DTT ${ep.dtt} is not a whole number of seconds` });
        return;
      }
    }
    if (intervalSeconds === undefined) {
      this.problem({ ...at, code: "missing-field", message: "EP without DTT and no MeteringIntervall" });
      return;
    }
    const quality = QUALITIES[ep.mm];
    if (!quality) {
      this.problem({ ...at, code: "unsupported-quality", message: `MM "${ep.mm.slice(0, 10)}" is not L1, L2 or L3` });
      return;
    }
    const energy = toMilliwattHours(ep.bq, series.unit, intervalSeconds);
    if (!energy.ok) {
      this.problem({ ...at, code: energy.code, message: energy.message });
      return;
    }
    this.out.push({
      meteringPoint: this.meteringPoint,
      direction: series.direction,
      start,
      intervalSeconds,
      energyMWh: energy.mWh,
      quality,
      source: { line: ep.line, element: "EP" },
    });
  }
}

export function parseEbUtilities(input: ByteSource, options: EbUtilitiesOptions): AsyncGenerator<Reading> {
  return parseXml(input, new EbUtilitiesHandler(options), options.problems);
}
