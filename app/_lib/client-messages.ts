// The message namespaces the root layout hands to client components (NextIntlClientProvider), instead
// of the whole catalogue (~100 KB of JSON in every page's HTML). Server components read every message
// on the server and need none of them here; the console's layout hands its own (all of them).
// client-messages.test.ts checks that every useTranslations("…") of a client component outside
// app/console is covered.
export const CLIENT_NAMESPACES = [
  "auditWords",
  "bank",
  "credits",
  "dayView",
  "devices",
  "energy",
  "errors",
  "header",
  "invitePage",
  "join",
  "kind",
  "mail",
  "mandateScheme",
  "market",
  "me",
  "plainPages.me",
  "resetPage",
  "signIn",
  "ui",
  "verify",
  "yourData",
] as const;

type Messages = Record<string, unknown>;

/** The messages under `namespaces` (a dotted name picks one branch of a namespace). */
export function pickMessages(messages: Messages, namespaces: readonly string[]): Messages {
  const out: Messages = {};
  for (const ns of namespaces) {
    const path = ns.split(".");
    let from: unknown = messages;
    let to: Messages = out;
    path.forEach((part, i) => {
      from = (from as Messages | undefined)?.[part];
      if (from === undefined) return;
      if (i === path.length - 1) to[part] = from;
      else to = (to[part] ??= {}) as Messages;
    });
  }
  return out;
}
