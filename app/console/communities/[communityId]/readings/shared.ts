// Types and number formatting shared by the parts of the readings page.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type ImportOptions = NonNullable<inferRouterInputs<AppRouter>["readingImport"]["preview"]["options"]>;
export type ImportPreviewData = inferRouterOutputs<AppRouter>["readingImport"]["preview"];
export type { ProblemCode } from "@/server/metering/types";

export const nf = () => new Intl.NumberFormat();
