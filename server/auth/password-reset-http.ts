// POST /api/password-reset {email}: the "Forgot password?" form. Public, same-origin only (a foreign
// page must not make us send mail), rate-limited per client address and per e-mail address (429 with
// Retry-After), and always the same answer {mailConfigured} whether or not the address has an account.
import { z } from "zod";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { clientAddress } from "@/server/http/api-auth";
import { rateLimitHeaders } from "@/server/http/rate-limit";
import { allowedOrigins, foreignOrigin, isSameOriginRequest } from "@/server/http/same-origin";
import { routeLocale } from "@/server/i18n/request-locale";
import { requestPasswordReset, takeResetRequest, type ResetRequestResult } from "./password-reset-request";

const body = z.object({ email: z.email().max(320) });

/** The answer, and (for tests) the mail's delivery. */
export async function handleResetRequest(db: Db, req: Request, requestId: string): Promise<{ response: Response; delivery: ResetRequestResult["delivery"] }> {
  if (!isSameOriginRequest(req, allowedOrigins(env().APP_URL))) throw foreignOrigin();
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Enter an e-mail address.", [{ where: "email", message: "Enter an e-mail address." }]);
  const limit = takeResetRequest(clientAddress(req.headers), parsed.data.email, Date.now());
  if (!limit.allowed) {
    const response = Response.json(
      { code: "TOO_MANY_REQUESTS", message: `Too many requests; try again in ${limit.retryAfterSeconds} s.`, problems: [], retryAfterSeconds: limit.retryAfterSeconds },
      { status: 429, headers: { ...rateLimitHeaders(limit), "Cache-Control": "no-store" } },
    );
    return { response, delivery: Promise.resolve(false) };
  }
  const result = await requestPasswordReset(db, { email: parsed.data.email, locale: routeLocale(req), requestId });
  return { response: Response.json({ mailConfigured: result.mailConfigured }, { headers: { "Cache-Control": "no-store" } }), delivery: result.delivery };
}
