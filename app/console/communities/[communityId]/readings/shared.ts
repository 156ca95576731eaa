// Types and number formatting shared by the parts of the readings page.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { formatCount } from "@/app/_lib/format";
import type { AppRouter } from "@/server/api/root";

export type ImportOptions = NonNullable<inferRouterInputs<AppRouter>["readingImport"]["preview"]["options"]>;
export type ImportPreviewData = inferRouterOutputs<AppRouter>["readingImport"]["preview"];
export type { ProblemCode } from "@/server/metering/types";

/** Counts in the page's language, through the one formatter (server/i18n/format.ts). */
export const nf = (locale?: string) => ({ format: (n: number | bigint) => formatCount(n, locale) });
