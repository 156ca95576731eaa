// The one place that reads process.env. Validated lazily so that `next build` works without a database.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** The app's role, dajie_app (docs/database-roles.md). The owner's DATABASE_OWNER_URL is read only by `npm run db:migrate`, never by the app. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  /** Signs sessions; at least 32 characters. `npm run demo` generates one and keeps it in .dajie/. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Public base URL of this deployment, used in invitation links and for secure cookies. */
  APP_URL: z.url().default("http://localhost:3000"),
  /**
   * How many reverse proxies stand in front of the app (each appending to X-Forwarded-For). 0: none,
   * the client address is the TCP peer and X-Forwarded-For is ignored (server/http/client-address.ts).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** smtp://user:pass@host:port — when unset, invitation links are only shown to the admin. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Dajie <no-reply@localhost>"),
  /** Test-only switch: exposes nothing by itself, only relaxes the sign-in rate limit for parallel browser tests. */
  DAJIE_TEST: z.enum(["0", "1"]).default("0"),
  /** The settlement scheduler (pg-boss) runs inside the app server unless this is "off". */
  DAJIE_JOBS: z.enum(["on", "off"]).default("on"),
  /** Ed25519 seed of the signed checkpoint feed (64 hex digits); derived from BETTER_AUTH_SECRET when unset. */
  DAJIE_FEED_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (an Ed25519 seed)").optional(),
  /** Master seed (64 hex digits) of the communities' transparency-log keys (one Ed25519 key per community, derived with HKDF); derived from BETTER_AUTH_SECRET when unset. */
  DAJIE_LOG_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (a seed)").optional(),
  /** Ed25519 seed (64 hex digits) of this instance's tlog witness (cosignature/v1); derived from BETTER_AUTH_SECRET when unset. */
  DAJIE_WITNESS_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (an Ed25519 seed)").optional(),
  /** The witness's key name (a schema-less URL); default: the host of APP_URL. */
  DAJIE_WITNESS_NAME: z.string().regex(/^[^\s+]+$/, "must be non-empty, without spaces or '+'").optional(),
  /** RFC 3161 timestamp authority: the sink is on when the URL is set; the PEM file is its trust anchor. */
  DAJIE_TSA_URL: z.url().optional(),
  DAJIE_TSA_CA_FILE: z.string().optional(),
  /** EVM chain: the sink is on when the RPC URL is set; chain id and private key are then required. */
  DAJIE_EVM_RPC_URL: z.url().optional(),
  DAJIE_EVM_CHAIN_ID: z.coerce.number().int().positive().optional(),
  DAJIE_EVM_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x and 64 hex digits").optional(),
  DAJIE_EVM_TO: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address, 0x and 40 hex digits").optional(),
}).superRefine((e, ctx) => {
  if (e.DAJIE_TSA_URL && !e.DAJIE_TSA_CA_FILE) ctx.addIssue({ code: "custom", path: ["DAJIE_TSA_CA_FILE"], message: "is required when DAJIE_TSA_URL is set (the TSA's trust anchor, PEM)" });
  if (e.DAJIE_EVM_RPC_URL && !e.DAJIE_EVM_CHAIN_ID) ctx.addIssue({ code: "custom", path: ["DAJIE_EVM_CHAIN_ID"], message: "is required when DAJIE_EVM_RPC_URL is set" });
  if (e.DAJIE_EVM_RPC_URL && !e.DAJIE_EVM_PRIVATE_KEY) ctx.addIssue({ code: "custom", path: ["DAJIE_EVM_PRIVATE_KEY"], message: "is required when DAJIE_EVM_RPC_URL is set" });
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
