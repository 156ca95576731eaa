"use client";
// The page of an administrator-issued password reset link (server/auth/password-reset.ts): choose a new
// password, then sign in with it. English only, like the invitation page.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

export default function ResetPasswordPage() {
  const { token } = useParams<{ token: string }>();
  const trpc = useTRPC();
  const reset = useQuery(trpc.passwordReset.lookup.queryOptions({ token }, { retry: false }));
  const complete = useMutation(trpc.passwordReset.complete.mutationOptions());
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);

  if (complete.isSuccess) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">Password changed</h1>
        <p role="status">Your new password is set and your other sessions have ended.</p>
        <Link href="/sign-in">Sign in</Link>
      </div>
    );
  }
  if (reset.error) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">Reset your password</h1>
        <ErrorBox {...errorDetails(reset.error)} />
      </div>
    );
  }
  if (!reset.data) return <Loading what="Opening your reset link" />;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) complete.mutate({ token, password });
  }

  const problems = complete.error ? errorDetails(complete.error).problems : [];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">Reset your password</h1>
      <p className="text-slate-700">
        Account: <strong>{reset.data.email}</strong>. This link works once.
      </p>
      <Card>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {complete.error && problems.length === 0 ? <ErrorBox message={errorDetails(complete.error).message} /> : null}
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. A short sentence is easy to remember and hard to guess."
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(problems, "password")}
          />
          <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? "The two passwords differ." : undefined} />
          <Button type="submit" busy={complete.isPending} className="w-full">
            Set the new password
          </Button>
        </form>
      </Card>
    </div>
  );
}
