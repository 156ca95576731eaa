import type { Formatter } from "@/app/_lib/format";

/** Bars of daily kWh in plain SVG; the same numbers are in the table beside it. */
export function DailyChart({ days, label, injection, format }: { days: { date: string; mwh: string }[]; label: string; injection: boolean; format: Formatter }) {
  const width = 640;
  const height = 220;
  const pad = { top: 10, bottom: 24, left: 44, right: 8 };
  const values = days.map((d) => Number(BigInt(d.mwh)) / 1_000_000); // kWh, for drawing only
  const max = Math.max(...values, 0.001);
  const band = (width - pad.left - pad.right) / days.length;
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const ticks = [0, max / 2, max];
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full rounded-lg border border-slate-200 bg-white" data-testid="daily-chart">
      {ticks.map((t, i) => (
        <g key={i}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
          <text x={pad.left - 4} y={y(t) + 4} textAnchor="end" fontSize="10" fill="#475569">
            {format.axis(Number(t.toFixed(t < 10 ? 1 : 0)))}
          </text>
        </g>
      ))}
      <text x={4} y={pad.top + 4} fontSize="10" fill="#475569">
        kWh
      </text>
      {values.map((v, i) => (
        <rect key={days[i]!.date} x={pad.left + i * band + band * 0.1} width={Math.max(band * 0.8, 1)} y={y(v)} height={Math.max(y(0) - y(v), 0)} className={injection ? "fill-sun" : "fill-grid"}>
          <title>{`${format.date(days[i]!.date)}: ${format.kwh(days[i]!.mwh, 2)}`}</title>
        </rect>
      ))}
      {days.length ? (
        <>
          <text x={pad.left} y={height - 6} fontSize="10" fill="#475569">
            {format.dayShort(days[0]!.date)}
          </text>
          <text x={width - pad.right} y={height - 6} fontSize="10" fill="#475569" textAnchor="end">
            {format.dayShort(days[days.length - 1]!.date)}
          </text>
        </>
      ) : null}
    </svg>
  );
}

