// Import problems, one line per cause: what is wrong, how many rows, the first lines, the local
// times affected and what would fix it. Stacks on a phone; the full list is a CSV download.
import { nf, type ImportPreviewData } from "./shared";

export function ProblemCauses({ causes, label }: { causes: ImportPreviewData["problemCauses"]; label: string }) {
  if (!causes.length) return null;
  return (
    <ul className="mt-2 space-y-3" aria-label={label}>
      {causes.map((c) => (
        <li key={`${c.code} ${c.meteringPoint ?? ""}`} className="break-words" data-testid="problem-cause">
          <p>
            <span className="font-medium">{c.title}</span> — {nf().format(c.count)} {c.count === 1 ? "row" : "rows"}
          </p>
          <p>
            {c.where}
            {c.from ? ` · ${c.from === c.to ? c.from : `${c.from} to ${c.to}`}` : null}
          </p>
          <p>{c.fix}</p>
        </li>
      ))}
    </ul>
  );
}
