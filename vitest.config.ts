import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("./", import.meta.url));

// Two projects: pure unit tests (no database) and integration tests against a real PostgreSQL.
// `npm test` (scripts/test.ts) starts the database and sets DATABASE_URL before running `int`.
export default defineConfig({
  resolve: { alias: { "@/": root } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"], exclude: ["**/*.int.test.ts", "node_modules/**"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["server/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          environment: "node",
          setupFiles: ["server/test/int-setup.ts"],
          // 30 s: a test that needs more says why, beside its own timeout.
          testTimeout: 30_000,
          // Hooks start throwaway servers (a TSA, an EVM node) and create worlds; 60 s on a busy 2-core machine.
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
