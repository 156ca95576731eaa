// The client address of throttling: X-Forwarded-For only as far as TRUST_PROXY says, else the TCP peer
// that the server hook writes over anything the client sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, UNKNOWN_ADDRESS } from "./client-address";
import { installPeerAddressHook } from "./peer-address-hook";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientAddress", () => {
  it("TRUST_PROXY=0: a client-written X-Forwarded-For is ignored, the peer counts (::ffff:203.0.113.7 → 203.0.113.7)", () => {
    expect(clientAddress(h({ "x-forwarded-for": "198.51.100.1", [PEER_HEADER]: "::ffff:203.0.113.7" }), 0)).toBe("203.0.113.7");
    expect(clientAddress(h({ "x-forwarded-for": "198.51.100.1" }), 0)).toBe(UNKNOWN_ADDRESS);
  });

  it("TRUST_PROXY=1: the last hop (what the proxy saw), not the client's own claims further left", () => {
    expect(clientAddress(h({ "x-forwarded-for": "198.51.100.1, 203.0.113.7", [PEER_HEADER]: "10.0.0.2" }), 1)).toBe("203.0.113.7");
  });

  it("TRUST_PROXY=2: the second hop from the right; one hop only → that hop", () => {
    expect(clientAddress(h({ "x-forwarded-for": "1.1.1.1, 203.0.113.7, 10.0.0.3" }), 2)).toBe("203.0.113.7");
    expect(clientAddress(h({ "x-forwarded-for": "10.0.0.3" }), 2)).toBe("10.0.0.3");
  });

  it("IPv6 peers count per /64: 2001:db8:1:2::5 and 2001:DB8:1:2:ffff::9 share 2001:db8:1:2:: (their /64); 2001:db8:1:3::5 does not", () => {
    const of = (peer: string) => clientAddress(h({ [PEER_HEADER]: peer }), 0);
    expect([of("2001:db8:1:2::5"), of("2001:DB8:1:2:ffff::9"), of("2001:db8:1:3::5"), of("::1")]).toEqual(["2001:db8:1:2::", "2001:db8:1:2::", "2001:db8:1:3::", "0:0:0:0::"]);
  });

  it("TRUST_PROXY=1 without X-Forwarded-For falls back to the peer", () => {
    expect(clientAddress(h({ [PEER_HEADER]: "127.0.0.1" }), 1)).toBe("127.0.0.1");
  });
});

describe("peer address hook (real HTTP)", () => {
  it("a request that sends its own x-dajie-peer and X-Forwarded-For reaches the handler with the socket's address in x-dajie-peer", async () => {
    installPeerAddressHook();
    const server = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER], xff: req.headers["x-forwarded-for"] })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "7.7.7.7" } });
      const seen = (await res.json()) as { peer: string; xff: string };
      expect(seen).toEqual({ peer: "127.0.0.1", xff: "7.7.7.7" });
      expect(clientAddress(new Headers(seen.peer ? { [PEER_HEADER]: seen.peer, "x-forwarded-for": seen.xff } : {}), 0)).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
