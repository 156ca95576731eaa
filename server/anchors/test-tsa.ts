// Test stand-in for a timestamp authority: a CA and a TSA certificate made by openssl in a temp
// folder, and an HTTP server on 127.0.0.1 that answers each application/timestamp-query with
// `openssl ts -reply`. Tests only; never an outside address.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const openssl = (dir: string, args: string[]) => run("/usr/bin/openssl", args, { cwd: dir });

export interface LocalTsa {
  url: string;
  /** The CA certificate (PEM) the TSA's certificate is issued by: the trust anchor. */
  caPem: string;
  /** Another CA's certificate, which the TSA does not chain to. */
  otherCaPem: string;
  /** Requests answered so far. */
  requests: number;
  /** While set, the server answers 503 (an outage). */
  failing: boolean;
  stop(): Promise<void>;
}

const CONFIG = `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ tsa_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
[ ca_ext ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

export async function startLocalTsa(): Promise<LocalTsa> {
  const dir = mkdtempSync(join(tmpdir(), "dajie-tsa-"));
  writeFileSync(join(dir, "openssl.cnf"), CONFIG);
  writeFileSync(join(dir, "serial"), "01\n");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await openssl(dir, ["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", "/CN=Dajie test CA", "-config", "openssl.cnf", "-extensions", "ca_ext"]);
  await openssl(dir, ["req", "-x509", ...ec, "-keyout", "other.key", "-out", "other.pem", "-days", "3650", "-subj", "/CN=Someone else's CA", "-config", "openssl.cnf", "-extensions", "ca_ext"]);
  await openssl(dir, ["req", "-new", ...ec, "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Dajie test TSA", "-config", "openssl.cnf"]);
  await openssl(dir, ["x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem", "-days", "3650", "-extfile", "openssl.cnf", "-extensions", "tsa_ext"]);

  let n = 0;
  const tsa: LocalTsa = {
    url: "",
    caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
    otherCaPem: readFileSync(join(dir, "other.pem"), "utf8"),
    requests: 0,
    failing: false,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      tsa.requests++;
      if (tsa.failing || req.method !== "POST" || req.headers["content-type"] !== "application/timestamp-query") {
        res.writeHead(tsa.failing ? 503 : 400).end();
        return;
      }
      const id = ++n;
      writeFileSync(join(dir, `q${id}.tsq`), Buffer.concat(chunks));
      openssl(dir, ["ts", "-reply", "-config", "openssl.cnf", "-queryfile", `q${id}.tsq`, "-out", `r${id}.tsr`]).then(
        () => res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(readFileSync(join(dir, `r${id}.tsr`))),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return tsa;
}
