"use client";
// The page of an administrator-issued password reset link (server/auth/password-reset.ts): choose a new
// password, then sign in with it. In the visitor's language like the sign-in page.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export default function ResetPasswordPage() {
  const { token } = useParams<{ token: string }>();
  const trpc = useTRPC();
  const t = useTranslations("resetPage");
  const reset = useQuery(trpc.passwordReset.lookup.queryOptions({ token }, { retry: false }));
  const complete = useMutation(trpc.passwordReset.complete.mutationOptions());
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);

  if (complete.isSuccess) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">{t("changedTitle")}</h1>
        <p role="status">{t("changed")}</p>
        <Link href="/sign-in">{t("signIn")}</Link>
      </div>
    );
  }
  if (reset.error) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <ErrorBox {...errorDetails(reset.error)} />
      </div>
    );
  }
  if (!reset.data) return <Loading what={t("opening")} />;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) complete.mutate({ token, password });
  }

  const problems = complete.error ? errorDetails(complete.error).problems : [];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-700">
        {t.rich("account", { email: reset.data.email, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <Card>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {complete.error && problems.length === 0 ? <ErrorBox {...errorDetails(complete.error)} problems={[]} /> : null}
          <Field
            label={t("password")}
            name="password"
            type="password"
            autoComplete="new-password"
            hint={t("passwordHint")}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(problems, "password")}
          />
          <Field label={t("repeat")} name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t("mismatch") : undefined} />
          <Button type="submit" busy={complete.isPending} className="w-full">
            {t("submit")}
          </Button>
        </form>
      </Card>
    </div>
  );
}
