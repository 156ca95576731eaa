import type { Metadata } from "next";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Suspense } from "react";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

export default function SignInPage() {
  const t = useTranslations("signIn");
  const tMail = useTranslations("mail");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-semibold">{t("title")}</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="mt-4 text-sm">
        <Link href="/forgot-password">{tMail("forgotLink")}</Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">{t("newHere")}</p>
    </div>
  );
}
