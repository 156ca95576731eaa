// The HTTP handler of better-auth (/api/auth/*). Before better-auth sees the request, the client address
// header it trusts is replaced by the address resolved here (TCP peer, or the hop TRUST_PROXY allows),
// so a client cannot pick its own throttling bucket by sending X-Forwarded-For. Answers are no-store.
import { toNextJsHandler } from "better-auth/next-js";
import { env } from "@/server/env";
import { CLIENT_ADDRESS_HEADER, clientAddress, UNKNOWN_ADDRESS } from "@/server/http/client-address";
import type { Auth } from "./auth";

export function withClientAddress(req: Request, trustProxy: number): Request {
  const headers = new Headers(req.headers);
  const address = clientAddress(req.headers, trustProxy);
  if (address === UNKNOWN_ADDRESS) headers.delete(CLIENT_ADDRESS_HEADER);
  else headers.set(CLIENT_ADDRESS_HEADER, address);
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, body: req.body, signal: req.signal };
  if (req.body) init.duplex = "half";
  return new Request(req.url, init);
}

/** Every answer about a session is private: `no-store` unless better-auth chose otherwise. */
function noStore(res: Response): Response {
  if (res.headers.has("Cache-Control")) return res;
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export function authRouteHandler(auth: () => Auth) {
  return {
    GET: async (req: Request) => noStore(await toNextJsHandler(auth()).GET(withClientAddress(req, env().TRUST_PROXY))),
    POST: async (req: Request) => noStore(await toNextJsHandler(auth()).POST(withClientAddress(req, env().TRUST_PROXY))),
  };
}
