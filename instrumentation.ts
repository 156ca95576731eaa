// Next.js calls register() once when the server starts: the settlement scheduler runs in the app
// server's Node.js process (NEXT_RUNTIME is set by Next, not by the operator), and every request gets
// its TCP peer's address in a header (server/http/peer-address-hook.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before the first request: the client address of throttling is the TCP peer (client-address.ts).
  const { installPeerAddressHook } = await import("./server/http/peer-address-hook");
  installPeerAddressHook();
  const { startJobsFromEnv } = await import("./server/jobs/start");
  await startJobsFromEnv();
}
