// "Forgot password?" (server/auth/password-reset-http.ts): the mail goes out after this answer.
import { handleResetRequest } from "@/server/auth/password-reset-http";
import { withPublic } from "@/server/http/route-edge";

export const POST = withPublic(async ({ req, db, requestId }) => (await handleResetRequest(db, req, requestId)).response);
