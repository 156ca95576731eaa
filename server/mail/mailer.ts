// Outgoing e-mail through SMTP when SMTP_URL is configured; otherwise nothing is sent and callers
// show the link to the administrator instead.
import { env } from "@/server/env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Whether outgoing e-mail is set up (SMTP_URL); without it nothing is ever sent. */
export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

/** Returns true when the mail was handed to the SMTP server; throws the SMTP error when it was refused. */
export async function sendMail(mail: Mail): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return false;
  const { createTransport } = await import("nodemailer");
  await createTransport(SMTP_URL).sendMail({ from: MAIL_FROM, ...mail });
  return true;
}
