// Small, accessible building blocks used across the console and the resident pages.
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { errorKind } from "@/app/_lib/error-kind";
import type { Problem } from "@/app/_lib/trpc";

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{title}</h1>
        {subtitle ? <p className="mt-1 text-slate-600">{subtitle}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, children, className = "" }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`} aria-label={title}>
      {title ? <h2 className="mb-4 text-lg font-semibold">{title}</h2> : null}
      {children}
    </section>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger"; busy?: boolean };

export function Button({ variant = "primary", busy, children, className = "", disabled, ...rest }: ButtonProps) {
  const t = useTranslations("ui");
  const styles = {
    primary: "bg-credit text-white hover:bg-blue-800",
    secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
    danger: "bg-red-700 text-white hover:bg-red-800",
  }[variant];
  return (
    <button
      className={`inline-flex min-h-10 items-center justify-center rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60 ${styles} ${className}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? t("working") : children}
    </button>
  );
}

export function Field({ label, hint, error, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}
        className="min-h-10 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm aria-invalid:border-red-700"
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Select({ label, error, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} aria-invalid={error ? true : undefined} className="min-h-10 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm" {...select}>
        {children}
      </select>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}

/** An error with its per-field or per-line problems, announced to screen readers. */
/**
 * A failure: with the answer's code, a heading in the reader's language says what kind of failure it
 * was (errors.*), above the server's detail, which is English; without a code, the page's own message.
 */
export function ErrorBox({ code, message, problems = [] }: { code?: string; message: string; problems?: Problem[] }) {
  const t = useTranslations("ui");
  const errors = useTranslations("errors");
  const kind = errorKind(code);
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      {kind ? (
        <p className="font-semibold" data-testid="error-heading">
          {errors(kind)}
        </p>
      ) : null}
      <p className={kind ? "mt-1" : "font-medium"}>{message}</p>
      {problems.length ? (
        <ul className="mt-2 list-disc space-y-1 pl-5" aria-label={t("problems")}>
          {problems.map((p, i) => (
            <li key={i}>
              <span className="font-medium">{p.where}</span>: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900">
      {children}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  const t = useTranslations("ui");
  return (
    // Only the dot pulses: text fading to half opacity would fail the contrast check mid-animation.
    <p role="status" className="text-slate-600">
      <span aria-hidden className="mr-2 inline-block h-2 w-2 animate-pulse rounded-full bg-slate-400" />
      {what ?? t("loading")}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">{children}</p>;
}

/** Problems for one field, from a server error's list. */
export function fieldError(problems: Problem[], field: string): string | undefined {
  return problems.find((p) => p.where === field || p.where.endsWith(`.${field}`))?.message;
}

export interface Column {
  label: ReactNode;
  /** Numbers line up on the right. */
  align?: "left" | "right";
  /** A tooltip, for a technical term. */
  title?: string;
}

/**
 * The shell of a data table: horizontal scrolling, a caption for screen readers, one header row.
 * Rows stay with the page (each knows its own cells). The scrolling box is a focusable region named
 * `region` (the caption by default), so that a keyboard can scroll a table wider than a phone.
 */
export function DataTable({ caption, columns, testId, className = "", region, children }: { caption: string; columns: Column[]; testId?: string; className?: string; region?: string; children: ReactNode }) {
  return (
    <div className={`overflow-x-auto ${className}`} tabIndex={0} role="region" aria-label={region ?? caption}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={`px-3 py-2${c.align === "right" ? " text-right" : ""}`} title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * A box that scrolls sideways when its content (a wide table) is wider than the screen, instead of the
 * whole page; focusable and named, so that a keyboard can reach and scroll it (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`overflow-x-auto ${className}`} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
