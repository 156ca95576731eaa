import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { mailConfigured } from "@/server/mail/mailer";
import { ForgotPasswordForm } from "./forgot-password-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mail"))("forgotTitle") };
}

/** "Forgot password?": asks for the e-mail address; the link comes by e-mail (server/auth/password-reset-request.ts). */
export default async function ForgotPasswordPage() {
  const t = await getTranslations("mail");
  const canMail = mailConfigured();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-semibold">{t("forgotTitle")}</h1>
      {canMail ? <ForgotPasswordForm /> : <p className="rounded-md border border-amber-300 bg-amber-50 p-4 text-slate-800" role="status">{t("forgotNoMail")}</p>}
      <p className="mt-6 text-sm">
        <Link href="/sign-in">{t("forgotBack")}</Link>
      </p>
    </div>
  );
}
