// next-intl's request configuration (wired in next.config.js). No locale in the URL: see
// request-locale.ts. Formatting of exact amounts goes through app/_lib/format.ts with this locale.
import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "./messages";
import { requestLocale } from "./request-locale";

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Dates are formatted with an explicit time zone where it matters (the community's); UTC otherwise.
  return { locale, messages: MESSAGES[locale], timeZone: "UTC" };
});
