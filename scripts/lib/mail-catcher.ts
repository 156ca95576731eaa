// For the browser tests: a local SMTP sink the app sends to, and a small HTTP endpoint on 127.0.0.1
// that answers GET ?to=<address> with the mails received for that address as JSON.
import { createServer } from "node:http";
import { startSmtpSink } from "../../server/test/smtp-sink.ts";

export async function startMailCatcher(): Promise<{ smtpUrl: string; httpUrl: string; close: () => Promise<void> }> {
  const sink = await startSmtpSink();
  const http = createServer((req, res) => {
    const to = new URL(req.url ?? "/", "http://x").searchParams.get("to")?.toLowerCase();
    const mails = sink.mails.filter((m) => !to || m.to.some((r) => r.replace(/[<>]/g, "").toLowerCase() === to));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(mails));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    smtpUrl: sink.url,
    httpUrl: `http://127.0.0.1:${port}/mails`,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await sink.close();
    },
  };
}
