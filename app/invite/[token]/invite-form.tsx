"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useParams, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { signInWithEmail } from "@/app/_lib/auth-requests";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** `signedIn`: the visitor's account, read by the page on the server (null when not signed in). */
export function InviteForm({ signedIn }: { signedIn: { email: string; name: string } | null }) {
  const { token } = useParams<{ token: string }>();
  const trpc = useTRPC();
  const t = useTranslations("invitePage");
  const router = useRouter();
  const invitation = useQuery(trpc.invitation.lookup.queryOptions({ token }));
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  if (invitation.error) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <ErrorBox {...errorDetails(invitation.error)} />
      </div>
    );
  }
  if (!invitation.data) return <Loading what={t("opening")} />;
  const inv = invitation.data;
  const destination = inv.kind === "RESIDENT" ? "/me" : "/console";

  if (inv.status !== "pending") {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">{t("statusTitle", { status: inv.status })}</h1>
        <p>
          {t("noLongerUsable")} {inv.status === "used" ? <Link href="/sign-in">{t("signIn")}</Link> : t("askNew")}
        </p>
      </div>
    );
  }

  /** After accepting, sign in (new accounts) and go where this invitation leads. */
  async function finish(newPassword: string | null) {
    if (newPassword !== null && !signedIn) {
      const failed = await signInWithEmail(inv.email, newPassword);
      if (failed !== null) return setSignInError(t("accountReady"));
    }
    router.push(destination);
    router.refresh();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const accepted = await accept.mutateAsync({ token, name, password }).catch(() => null);
    if (accepted) await finish(password);
  }

  if (signInError) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <p role="status">{signInError}</p>
        <Link href={`/sign-in?next=${destination}`}>{t("signIn")}</Link>
      </div>
    );
  }
  if (accept.isSuccess) return <Loading what={t("signingIn")} />;

  const problems = accept.error ? errorDetails(accept.error).problems : [];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">{t("welcome", { joining: inv.joining })}</h1>
      <p className="text-slate-700">
        {inv.kind === "RESIDENT" ? t("residentIntro") : t("staffIntro", { joining: inv.joining, role: inv.role === "ADMIN" ? "ADMIN" : "OPERATOR" })}{" "}
        {t.rich("yourEmail", { email: inv.email, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <Card>
        {inv.hasAccount ? (
          signedIn?.email === inv.email ? (
            <div className="space-y-3">
              {accept.error ? <ErrorBox {...errorDetails(accept.error)} problems={[]} /> : null}
              <Button busy={accept.isPending} onClick={() => accept.mutate({ token, name: signedIn?.name ?? inv.email }, { onSuccess: () => finish(null) })}>
                {t("accept")}
              </Button>
            </div>
          ) : (
            <p>
              {t.rich("hasAccount", { link: (chunks) => <Link href={`/sign-in?next=/invite/${token}`}>{chunks}</Link> })}
            </p>
          )
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {accept.error && problems.length === 0 ? <ErrorBox {...errorDetails(accept.error)} problems={[]} /> : null}
            <Field label={t("name")} name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={fieldError(problems, "name")} />
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
            <Button type="submit" busy={accept.isPending} className="w-full">
              {t("create")}
            </Button>
          </form>
        )}
      </Card>
    </div>
  );
}
