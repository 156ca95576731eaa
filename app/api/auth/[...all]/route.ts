import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth/auth";

// better-auth is created on first request (it needs the environment, which `next build` does not have).
export const GET = (req: Request) => toNextJsHandler(auth()).GET(req);
export const POST = (req: Request) => toNextJsHandler(auth()).POST(req);
