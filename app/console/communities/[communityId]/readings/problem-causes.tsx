// Import problems, one line per cause: what is wrong, how many rows, the first lines, the local
// times affected and what would fix it. Stacks on a phone; the full list is a CSV download.
import { useLocale, useTranslations } from "next-intl";
import { formatterFor } from "@/app/_lib/format";
import { useCommunity } from "../community-context";
import type { ImportPreviewData } from "./shared";

type Cause = ImportPreviewData["problemCauses"][number];
const WORDED_CAUSES = ["unknown-metering-point", "outside-validity", "implausible-value", "duplicate-interval", "not-on-grid", "bad-timestamp", "nonexistent-local-time", "non-numeric", "negative-value", "excess-precision", "missing-field", "metering-point-missing", "bad-row"] as const;
const worded = (code: string): code is (typeof WORDED_CAUSES)[number] => (WORDED_CAUSES as readonly string[]).includes(code);

/** A cause in the reader's language from its codes and figures (the server's English words stay for the API and CSV). */
function useCauseText() {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const timeZone = useCommunity().community?.timeZone;
  return {
    title: (c: Cause) => (worded(c.code) ? (c.meteringPoint ? t("causeWithPoint", { cause: t(`cause.${c.code}`), point: c.meteringPoint }) : t(`cause.${c.code}`)) : c.title),
    where: (c: Cause) => (c.lines ? t("lines", { count: c.lines.length, list: c.lines.map((l) => f.count(BigInt(l))).join(", "), more: c.count > c.lines.length ? "yes" : "no" }) : c.where),
    when: (c: Cause) => (c.firstAtIso ? (c.firstAtIso === c.lastAtIso || !c.lastAtIso ? f.dateTime(c.firstAtIso, timeZone) : t("timeRange", { from: f.dateTime(c.firstAtIso, timeZone), to: f.dateTime(c.lastAtIso, timeZone) })) : null),
    fix: (c: Cause) => {
      const point = c.meteringPoint ?? t("theMeteringPoint");
      if (c.fixKind === "validity") {
        const validity = c.validity.map((v) => (v.to ? t("validFromTo", { from: f.date(v.from), to: f.date(v.to) }) : t("validFrom", { from: f.date(v.from) }))).join(t("validityJoin"));
        return t("fix.validity", { point, validity });
      }
      return t(`fix.${c.fixKind}`, { point });
    },
  };
}

export function ProblemCauses({ causes, label }: { causes: ImportPreviewData["problemCauses"]; label: string }) {
  const t = useTranslations("console.readings");
  const f = formatterFor(useLocale());
  const text = useCauseText();
  if (!causes.length) return null;
  return (
    <ul className="mt-2 space-y-3" aria-label={label}>
      {causes.map((c) => (
        <li key={`${c.code} ${c.meteringPoint ?? ""}`} className="break-words" data-testid="problem-cause">
          <p>
            <span className="font-medium">{text.title(c)}</span> — {t("rows", { count: c.count, n: f.count(c.count) })}
          </p>
          <p>
            {text.where(c)}
            {text.when(c) ? ` · ${text.when(c)}` : null}
          </p>
          <p>{text.fix(c)}</p>
        </li>
      ))}
    </ul>
  );
}
