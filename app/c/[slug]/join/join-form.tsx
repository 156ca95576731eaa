"use client";
// The application form of the join page. Checked here with the server's own schema (messages in the
// page's language), then posted to /api/join/<slug>; whatever happens next, the answer to a sent
// application is the same "check your e-mail".
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button, Field, Select } from "@/app/_components/ui";
import type { Locale } from "@/server/i18n/locales";
import type { CommunityDocumentDto } from "@/server/join/documents";
import { APPLICANT_TYPES, joinApplication, MAX_JOIN_POINTS, type ApplicantType, type JoinApplicationInput } from "@/server/join/schemas";

type Direction = "CONSUMPTION" | "INJECTION";
interface PointRow {
  key: number;
  code: string;
  direction: Direction;
  capacityKw: string;
}

/** A select as wide as its column, never wider: its longest option would otherwise widen a phone's page. */
const FIT = { minWidth: 0, width: "100%" } as const;

type ErrorKey = "applicantType" | "name" | "email" | "address" | "code" | "capacity" | "accountHolder" | "iban" | "mandate" | "documents";

/** A problem's field ("points.1.code", "bank.iban", …) → the form field it belongs to and its message key. */
function fieldOf(where: string): { field: string; key: ErrorKey } | null {
  const point = /^points\.(\d+)\.(code|direction|capacityKw)/.exec(where);
  if (point) return { field: `points.${point[1]}.${point[2] === "capacityKw" ? "capacity" : "code"}`, key: point[2] === "capacityKw" ? "capacity" : "code" };
  if (where === "points") return { field: "points.0.code", key: "code" };
  if (where.startsWith("bank.accountHolder")) return { field: "accountHolder", key: "accountHolder" };
  if (where.startsWith("bank")) return { field: "iban", key: "iban" };
  if (where === "mandateConsent") return { field: "mandate", key: "mandate" };
  if (where.startsWith("documents") || where.startsWith("acceptedDocumentIds")) return { field: "documents", key: "documents" };
  if (where === "applicantType" || where === "name" || where === "email" || where === "address") return { field: where, key: where };
  return null;
}

export function JoinForm({ slug, community, locale, documents, confirmHours }: { slug: string; community: string; locale: Locale; documents: CommunityDocumentDto[]; confirmHours: number }) {
  const t = useTranslations("join");
  const [applicantType, setApplicantType] = useState<ApplicantType | "">("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [address, setAddress] = useState("");
  const [points, setPoints] = useState<PointRow[]>([{ key: 0, code: "", direction: "CONSUMPTION", capacityKw: "" }]);
  const [accepted, setAccepted] = useState<string[]>([]);
  const [accountHolder, setAccountHolder] = useState("");
  const [iban, setIban] = useState("");
  const [mandate, setMandate] = useState(false);
  const [website, setWebsite] = useState("");
  const [errors, setErrors] = useState<Record<string, ErrorKey>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const ids = useId();

  if (sent) {
    return (
      <section role="status" aria-labelledby={`${ids}-sent`} className="rounded-lg border border-green-300 bg-green-50 p-5 text-green-900" data-testid="join-sent">
        <h2 id={`${ids}-sent`} className="text-lg font-semibold">
          {t("sentTitle")}
        </h2>
        <p className="mt-2">{t("sentText", { hours: confirmHours })}</p>
      </section>
    );
  }

  const err = (field: string) => (errors[field] ? t(`fieldErrors.${errors[field]}`) : undefined);
  const setPoint = (key: number, change: Partial<PointRow>) => setPoints((ps) => ps.map((p) => (p.key === key ? { ...p, ...change } : p)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const bankGiven = accountHolder.trim() !== "" || iban.trim() !== "";
    const body: JoinApplicationInput = {
      locale,
      applicantType: applicantType as ApplicantType,
      name,
      email,
      address,
      points: points.map((p) => ({ code: p.code, direction: p.direction, capacityKw: p.capacityKw })),
      acceptedDocumentIds: accepted,
      bank: bankGiven ? { accountHolder, iban } : null,
      mandateConsent: mandate,
      website,
    };
    const found: Record<string, ErrorKey> = {};
    const checked = joinApplication.safeParse(body);
    if (!checked.success) for (const issue of checked.error.issues) addProblem(found, issue.path.join("."));
    if (documents.some((d) => !accepted.includes(d.id))) found.documents = "documents";
    setErrors(found);
    if (Object.keys(found).length) return setFailure(t("errorFields"));
    setBusy(true);
    try {
      const res = await fetch(`/api/join/${encodeURIComponent(slug)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.ok) return setSent(true);
      const answer = (await res.json().catch(() => null)) as { code?: string; problems?: { where: string }[] } | null;
      if (res.status === 429) return setFailure(t("errorTooMany", { minutes: Math.max(1, Math.ceil(Number(res.headers.get("retry-after") ?? "60") / 60)) }));
      if (res.status === 409) return setFailure(t("errorDocumentChanged"));
      const fromServer: Record<string, ErrorKey> = {};
      for (const p of answer?.problems ?? []) addProblem(fromServer, p.where);
      setErrors(fromServer);
      setFailure(Object.keys(fromServer).length ? t("errorFields") : t("errorGeneric"));
    } catch {
      setFailure(t("errorGeneric"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="join-form">
      {failure ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-medium">{t("errorTitle")}</p>
          <p>{failure}</p>
        </div>
      ) : null}

      <Section title={t("sectionYou")}>
        <Select label={t("applicantType")} value={applicantType} onChange={(e) => setApplicantType(e.target.value as ApplicantType)} error={err("applicantType")} required style={FIT}>
          <option value="" disabled>
            —
          </option>
          {APPLICANT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`types.${type}`)}
            </option>
          ))}
        </Select>
        <Field label={t("name")} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={200} required error={err("name")} />
        <Field label={t("email")} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" maxLength={254} required error={err("email")} />
        <TextArea label={t("address")} value={address} onChange={setAddress} error={err("address")} />
      </Section>

      <Section title={t("sectionPoints")} hint={t("pointsHint")}>
        {points.map((p, i) => (
          <div key={p.key} className="grid grid-cols-1 gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-3" data-testid="join-point">
            <Field label={t("pointCode", { n: i + 1 })} value={p.code} onChange={(e) => setPoint(p.key, { code: e.target.value })} autoCapitalize="characters" spellCheck={false} maxLength={64} required error={err(`points.${i}.code`)} />
            <Select label={t("direction", { n: i + 1 })} value={p.direction} onChange={(e) => setPoint(p.key, { direction: e.target.value as Direction })} style={FIT}>
              <option value="CONSUMPTION">{t("directionCONSUMPTION")}</option>
              <option value="INJECTION">{t("directionINJECTION")}</option>
            </Select>
            <Field label={t("capacity", { n: i + 1 })} value={p.capacityKw} onChange={(e) => setPoint(p.key, { capacityKw: e.target.value })} inputMode="decimal" maxLength={14} error={err(`points.${i}.capacity`)} />
            {points.length > 1 ? (
              <div className="sm:col-span-3">
                <Button type="button" variant="secondary" onClick={() => setPoints((ps) => ps.filter((x) => x.key !== p.key))}>
                  {t("removePoint", { n: i + 1 })}
                </Button>
              </div>
            ) : null}
          </div>
        ))}
        {points.length < MAX_JOIN_POINTS ? (
          <Button type="button" variant="secondary" onClick={() => setPoints((ps) => [...ps, { key: Math.max(...ps.map((x) => x.key)) + 1, code: "", direction: "CONSUMPTION", capacityKw: "" }])}>
            {t("addPoint")}
          </Button>
        ) : null}
      </Section>

      {documents.length ? (
        <Section title={t("sectionDocuments")} hint={t("documentsHint")}>
          {documents.map((d) => (
            <div key={d.id} className="space-y-1">
              <a href={d.url} target="_blank" rel="noopener noreferrer" className="text-sm">
                {t("read", { title: d.title })}
              </a>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1 h-4 w-4 shrink-0"
                  checked={accepted.includes(d.id)}
                  onChange={(e) => setAccepted((a) => (e.target.checked ? [...a, d.id] : a.filter((x) => x !== d.id)))}
                  aria-invalid={errors.documents && !accepted.includes(d.id) ? true : undefined}
                />
                <span>{t("accept", { title: d.title, version: d.version })}</span>
              </label>
            </div>
          ))}
          {err("documents") ? <p className="text-sm text-red-700">{err("documents")}</p> : null}
        </Section>
      ) : null}

      <Section title={t("sectionBank")} hint={t("bankHint")}>
        <Field label={t("accountHolder")} value={accountHolder} onChange={(e) => setAccountHolder(e.target.value)} autoComplete="name" maxLength={70} error={err("accountHolder")} />
        <Field label={t("iban")} value={iban} onChange={(e) => setIban(e.target.value)} autoCapitalize="characters" spellCheck={false} maxLength={42} error={err("iban")} />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1 h-4 w-4 shrink-0" checked={mandate} onChange={(e) => setMandate(e.target.checked)} aria-invalid={errors.mandate ? true : undefined} />
          <span>{t("mandate", { community })}</span>
        </label>
        {err("mandate") ? <p className="text-sm text-red-700">{err("mandate")}</p> : null}
      </Section>

      {/* The honeypot: off screen and out of the tab order, so only a bot fills it in. */}
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label>
          {t("honeypot")}
          <input type="text" name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
        </label>
      </div>

      <Button type="submit" busy={busy} className="w-full sm:w-auto">
        {t("submit")}
      </Button>
    </form>
  );

  function addProblem(into: Record<string, ErrorKey>, where: string) {
    const f = fieldOf(where);
    if (f && !into[f.field]) into[f.field] = f.key;
  }
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <legend className="px-1 text-lg font-semibold">{title}</legend>
      {hint ? <p className="text-sm text-slate-700">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

function TextArea({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={3}
        maxLength={500}
        required
        autoComplete="street-address"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm aria-invalid:border-red-700"
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
