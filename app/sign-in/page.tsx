import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="mt-6 text-sm text-slate-600">New here? Accounts are created from an invitation sent by your municipality or energy service company.</p>
    </div>
  );
}
