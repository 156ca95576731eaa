"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, ErrorBox, Field } from "@/app/_components/ui";

type State = { kind: "idle" } | { kind: "sent"; mailConfigured: boolean } | { kind: "error"; message: string; field?: boolean };

export function ForgotPasswordForm() {
  const t = useTranslations("mail");
  const [state, setState] = useState<State>({ kind: "idle" });
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    if (!email.includes("@")) return setState({ kind: "error", message: t("forgotInvalid"), field: true });
    setBusy(true);
    try {
      const res = await fetch("/api/password-reset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
      if (res.status === 429) setState({ kind: "error", message: t("forgotTooMany", { seconds: Number(res.headers.get("Retry-After") ?? 60) }) });
      else if (res.status === 400) setState({ kind: "error", message: t("forgotInvalid"), field: true });
      else if (!res.ok) setState({ kind: "error", message: t("forgotFailed") });
      else setState({ kind: "sent", mailConfigured: ((await res.json()) as { mailConfigured: boolean }).mailConfigured });
    } catch {
      setState({ kind: "error", message: t("forgotFailed") });
    } finally {
      setBusy(false);
    }
  }

  if (state.kind === "sent") {
    return (
      <p role="status" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900" data-testid="forgot-sent">
        {state.mailConfigured ? t("forgotSent") : t("forgotNoMail")}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <p className="text-sm text-slate-700">{t("forgotIntro")}</p>
      {state.kind === "error" && !state.field ? <ErrorBox message={state.message} /> : null}
      <Field label={t("forgotEmail")} name="email" type="email" autoComplete="email" required error={state.kind === "error" && state.field ? state.message : undefined} />
      <Button type="submit" busy={busy} className="w-full">
        {t("forgotSubmit")}
      </Button>
    </form>
  );
}
