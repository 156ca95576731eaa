// The e-mails the application sent during the browser tests. `npm test` runs a local SMTP sink
// (server/test/smtp-sink.ts), points the app's SMTP_URL at it and serves what it received as JSON
// at E2E_MAIL_URL; tests read a recipient's mails from there.
import { expect } from "@playwright/test";

export interface CaughtMail {
  from: string;
  to: string[];
  /** The raw message: headers, a blank line, the (possibly quoted-printable) body. */
  data: string;
}

function catcherUrl(): string {
  const url = process.env.E2E_MAIL_URL;
  if (!url) throw new Error("E2E_MAIL_URL is not set: run the browser tests through `npm test -- e2e`, which starts the SMTP catcher.");
  return url;
}

export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${catcherUrl()}?to=${encodeURIComponent(address)}`);
  return (await res.json()) as CaughtMail[];
}

/** Waits for the newest mail to `address` (optionally the first whose text matches) and returns it decoded. */
export async function waitForMail(address: string, matching?: RegExp): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(async () => {
      const mails = (await mailsTo(address)).map(decodeMail);
      found = mails.reverse().find((m) => !matching || matching.test(m.text) || matching.test(m.subject));
      return Boolean(found);
    }, { message: `an e-mail to ${address}${matching ? ` matching ${matching}` : ""}` })
    .toBe(true);
  return found!;
}

/** The first http(s) link in a mail's text. */
export function linkIn(text: string, path?: RegExp): string {
  const links = text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  const link = links.find((l) => !path || path.test(l));
  if (!link) throw new Error(`no link${path ? ` matching ${path}` : ""} in: ${text}`);
  return link;
}

function decodeMail(mail: CaughtMail): { subject: string; text: string } {
  const split = mail.data.indexOf("\n\n");
  const head = mail.data.slice(0, split);
  let body = mail.data.slice(split + 2);
  const subject = decodeWords(/^Subject: (.*(?:\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\n[ \t]/g, " ") ?? "");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) body = decodeQuotedPrintable(body);
  else if (/Content-Transfer-Encoding: base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return { subject, text: body };
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) as nodemailer writes non-ASCII subjects. */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}
