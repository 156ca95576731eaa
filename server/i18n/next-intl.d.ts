// Types next-intl's keys and locales: `t("public.typo")` or a message key missing from en.json is a
// type error (the other catalogues are held to en.json's keys by messages.test.ts).
import type { Locale } from "./locales";
import type { Messages } from "./messages";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
