// Which address a request comes from, for throttling. A client can write any X-Forwarded-For it likes,
// and Next.js keeps a client-sent one as it is (it only fills the header in when it is absent), so:
// - TRUST_PROXY = 0 (the default, no reverse proxy): X-Forwarded-For is ignored; the address is the TCP
//   peer, which peer-address-hook.ts writes into PEER_HEADER for every request (over anything sent).
// - TRUST_PROXY = n: n reverse proxies, each appending the address it saw to X-Forwarded-For; the
//   client is the n-th hop from the right (what the outermost trusted proxy saw). Hops further left
//   were written by the client and are ignored.
// Pure: the caller passes TRUST_PROXY (server/env.ts).

/** Set by the server on every request to the TCP peer's address (peer-address-hook.ts). */
export const PEER_HEADER = "x-dajie-peer";
/** Set by the auth route to the resolved client address; better-auth reads only this one. */
export const CLIENT_ADDRESS_HEADER = "x-dajie-client-address";
/** One shared bucket when the address cannot be known (e.g. a handler called without a server). */
export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(headers: Headers, trustProxy: number): string {
  if (trustProxy > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    // Fewer hops than proxies: the chain is not what the operator described; the nearest hop is the
    // only one a trusted proxy can have written.
    const hop = hops.length >= trustProxy ? hops[hops.length - trustProxy] : hops.at(-1);
    if (hop) return normalize(hop);
  }
  const peer = headers.get(PEER_HEADER)?.trim();
  return peer ? normalize(peer) : UNKNOWN_ADDRESS;
}

/**
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, how node reports IPv4 peers on a dual-stack socket) → IPv4;
 * other IPv6 → its /64 network address (one subscriber holds a whole /64, so single addresses would be
 * free buckets); still a valid address, as better-auth requires.
 */
function normalize(address: string): string {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  if (!lower.includes(":")) return lower;
  const [head = "", tail] = lower.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::`;
}
