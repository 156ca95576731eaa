// Next.js gives route handlers no socket address, and the X-Forwarded-For it passes on may be the
// client's own invention. So the app server (instrumentation.ts) writes the TCP peer's address into
// PEER_HEADER of every incoming request before Next sees it, replacing whatever the client sent under
// that name. Done by wrapping http.Server's `emit("request")`, the one place every request passes.
import http from "node:http";
import { PEER_HEADER } from "./client-address";

const installed = Symbol.for("dajie.peerAddressHook");

export function installPeerAddressHook(): void {
  const proto = http.Server.prototype as http.Server & { [installed]?: true };
  if (proto[installed]) return;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
  proto[installed] = true;
}
