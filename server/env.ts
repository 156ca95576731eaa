// The one place that reads process.env. Validated lazily so that `next build` works without a database.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  /** Signs sessions; at least 32 characters. `npm run demo` generates one and keeps it in .dajie/. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Public base URL of this deployment, used in invitation links and for secure cookies. */
  APP_URL: z.url().default("http://localhost:3000"),
  /** smtp://user:pass@host:port — when unset, invitation links are only shown to the admin. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Dajie <no-reply@localhost>"),
  /** Test-only switch: exposes nothing by itself, only relaxes the sign-in rate limit for parallel browser tests. */
  DAJIE_TEST: z.enum(["0", "1"]).default("0"),
  /** The settlement scheduler (pg-boss) runs inside the app server unless this is "off". */
  DAJIE_JOBS: z.enum(["on", "off"]).default("on"),
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
