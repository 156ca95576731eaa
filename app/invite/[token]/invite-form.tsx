"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorBox, Field, Loading, fieldError } from "@/app/_components/ui";
import { signInWithEmail } from "@/app/_lib/auth-requests";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";

/** `signedIn`: the visitor's account, read by the page on the server (null when not signed in). */
export function InviteForm({ signedIn }: { signedIn: { email: string; name: string } | null }) {
  const { token } = useParams<{ token: string }>();
  const trpc = useTRPC();
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
        <h1 className="text-2xl font-semibold">Invitation</h1>
        <ErrorBox {...errorDetails(invitation.error)} />
      </div>
    );
  }
  if (!invitation.data) return <Loading what="Opening your invitation" />;
  const inv = invitation.data;
  const destination = inv.kind === "RESIDENT" ? "/me" : "/console";

  if (inv.status !== "pending") {
    return (
      <div className="mx-auto max-w-md space-y-4">
        <h1 className="text-2xl font-semibold">Invitation {inv.status}</h1>
        <p>This link can no longer be used. {inv.status === "used" ? <Link href="/sign-in">Sign in</Link> : "Ask for a new invitation."}</p>
      </div>
    );
  }

  /** After accepting, sign in (new accounts) and go where this invitation leads. */
  async function finish(newPassword: string | null) {
    if (newPassword !== null && !signedIn) {
      const failed = await signInWithEmail(inv.email, newPassword);
      if (failed !== null) return setSignInError("Your account is ready. Sign in with your e-mail and the password you chose.");
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
        <Link href={`/sign-in?next=${destination}`}>Sign in</Link>
      </div>
    );
  }
  if (accept.isSuccess) return <Loading what="Signing you in" />;

  const problems = accept.error ? errorDetails(accept.error).problems : [];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">Welcome to {inv.joining}</h1>
      <p className="text-slate-700">
        {inv.kind === "RESIDENT" ? "Set a password to see your energy and credits." : `You are invited to join ${inv.joining} as ${inv.role === "ADMIN" ? "administrator" : "operator"}.`} Your e-mail: <strong>{inv.email}</strong>.
      </p>
      <Card>
        {inv.hasAccount ? (
          signedIn?.email === inv.email ? (
            <div className="space-y-3">
              {accept.error ? <ErrorBox message={errorDetails(accept.error).message} /> : null}
              <Button busy={accept.isPending} onClick={() => accept.mutate({ token, name: signedIn?.name ?? inv.email }, { onSuccess: () => finish(null) })}>
                Accept invitation
              </Button>
            </div>
          ) : (
            <p>
              You already have an account with this e-mail. <Link href={`/sign-in?next=/invite/${token}`}>Sign in</Link>, then open this link again.
            </p>
          )
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {accept.error && problems.length === 0 ? <ErrorBox message={errorDetails(accept.error).message} /> : null}
            <Field label="Your name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={fieldError(problems, "name")} />
            <Field
              label="Choose a password"
              name="password"
              type="password"
              autoComplete="new-password"
              hint="At least 12 characters. A short sentence is easy to remember and hard to guess."
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldError(problems, "password")}
            />
            <Field label="Repeat the password" name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? "The two passwords differ." : undefined} />
            <Button type="submit" busy={accept.isPending} className="w-full">
              Create my account
            </Button>
          </form>
        )}
      </Card>
    </div>
  );
}
