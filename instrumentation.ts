// Next.js calls register() once when the server starts: the settlement scheduler runs in the app
// server's Node.js process (NEXT_RUNTIME is set by Next, not by the operator).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startJobsFromEnv } = await import("./server/jobs/start");
  await startJobsFromEnv();
}
