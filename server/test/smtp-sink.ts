// A minimal SMTP server on 127.0.0.1 that keeps what it receives: enough for nodemailer to deliver
// to, so tests can read the e-mails the application sends.
import { createServer, type Server } from "node:net";

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** While set, every MAIL FROM is answered "550 <reason>" (a refusing server); null accepts again. */
  refuse(reason: string | null): void;
  close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let refusal: string | null = null;
  const server: Server = createServer((socket) => {
    let buffer = "";
    let current: ReceivedMail = { from: "", to: [], data: "" };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let idx: number;
      while ((idx = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(current);
            current = { from: "", to: [], data: "" };
            reply("250 queued");
          } else current.data += (line.startsWith("..") ? line.slice(1) : line) + "\n";
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 sink");
        else if (verb === "MAIL" && refusal) reply(`550 ${refusal}`);
        else if (verb === "MAIL") (current.from = line.slice(10).trim()), reply("250 ok");
        else if (verb === "RCPT") current.to.push(line.slice(8).trim()), reply("250 ok");
        else if (verb === "DATA") (inData = true), reply("354 go ahead");
        else if (verb === "QUIT") reply("221 bye"), socket.end();
        else reply("250 ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, mails, refuse: (reason) => void (refusal = reason), close: () => new Promise((resolve) => server.close(() => resolve())) };
}
