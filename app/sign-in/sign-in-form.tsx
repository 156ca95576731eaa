"use client";
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field } from "@/app/_components/ui";
import { signInWithEmail } from "@/app/_lib/auth-requests";

/** Only same-site paths: an open redirect would let a link send people elsewhere after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/home";
}

export function SignInForm() {
  const t = useTranslations("signIn");
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const failed = await signInWithEmail(String(form.get("email")), String(form.get("password")));
    if (failed !== null) {
      setBusy(false);
      setError(failed === 429 ? t("tooManyAttempts") : t("wrong"));
      return;
    }
    // A full page load rather than a client navigation: the next page (and "/home"'s redirect) and the
    // header rendered on the server all come in one navigation with the new session, so nothing is
    // left in flight behind a page that already shows the person signed in.
    window.location.assign(safeNext(params.get("next")));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      {error ? <ErrorBox message={error} /> : null}
      <Field label={t("email")} name="email" type="email" autoComplete="email" required />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" busy={busy} className="w-full">
        {t("submit")}
      </Button>
    </form>
  );
}
