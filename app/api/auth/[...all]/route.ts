import { auth } from "@/server/auth/auth";
import { authRouteHandler } from "@/server/auth/auth-route";

// better-auth is created on first request (it needs the environment, which `next build` does not have);
// the client address it may use is resolved first (server/auth/auth-route.ts).
const handler = authRouteHandler(auth);
export const GET = handler.GET;
export const POST = handler.POST;
