// The e-mails to an applicant, in the language they applied in (messages/*.json, namespace joinMail).
// Sending never decides the outcome: a mail that fails is logged, and the caller reports `emailed`.
import { createTranslator } from "next-intl";
import { isLocale, type Locale } from "@/server/i18n/locales";
import { MESSAGES } from "@/server/i18n/messages";
import { sendMail } from "@/server/mail/mailer";

type MailKind = "confirm" | "approved" | "declined";

function translator(locale: string) {
  const l: Locale = isLocale(locale) ? locale : "en";
  return createTranslator({ locale: l, messages: MESSAGES[l], namespace: "joinMail" });
}

/** The subject and text of one mail (pure apart from the catalogues): what the tests read back. */
export function joinMailText(kind: MailKind, locale: string, values: { community: string; link?: string; hours?: number; days?: number; reason?: string }) {
  const t = translator(locale);
  const v = { community: values.community, link: values.link ?? "", hours: values.hours ?? 0, days: values.days ?? 0, reason: values.reason ?? "" };
  if (kind === "confirm") return { subject: t("confirmSubject", v), text: t("confirmText", v) };
  if (kind === "approved") return { subject: t("approvedSubject", v), text: t("approvedText", v) };
  return { subject: t("declinedSubject", v), text: t("declinedText", v) };
}

export async function sendJoinMail(to: string, kind: MailKind, locale: string, values: Parameters<typeof joinMailText>[2]): Promise<boolean> {
  return sendMail({ to, ...joinMailText(kind, locale, values) }).catch((err: unknown) => {
    console.error(`[mail] join ${kind} e-mail not sent:`, err);
    return false;
  });
}
