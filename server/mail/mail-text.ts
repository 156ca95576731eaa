// The texts of the e-mails the application sends, in the recipient's language (messages/*.json,
// namespace "mail"). Pure: no database, no clock.
import { createTranslator } from "next-intl";
import { formatPeriod } from "@/server/i18n/format";
import type { Locale } from "@/server/i18n/locales";
import { MESSAGES } from "@/server/i18n/messages";

const translator = (locale: Locale) => createTranslator({ locale, messages: MESSAGES[locale], namespace: "mail" });

/** The self-service reset link's e-mail. */
export function resetMail(locale: Locale, email: string, link: string): { subject: string; text: string } {
  const t = translator(locale);
  return { subject: t("resetSubject"), text: t("resetText", { email, link }) };
}

/** "Your statement is ready": the period and a link, never amounts (a mailbox is not a private place). */
export function statementReadyMail(locale: Locale, run: { periodStart: string; periodEnd: string; community: string }, link: string): { subject: string; text: string } {
  const t = translator(locale);
  const period = formatPeriod(run.periodStart, run.periodEnd, locale);
  return { subject: t("statementSubject", { period }), text: t("statementText", { period, community: run.community, link }) };
}
