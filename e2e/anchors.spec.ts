// External anchors seen by a visitor: the ledger page lists the receipts per checkpoint (the demo
// signs its checkpoints in the feed), the signed checkpoint feed has a human page and a JSON form, and
// both the feed and the export's receipts verify with the command line against the key the page shows.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test("the ledger page lists anchor receipts, the signed feed verifies with the CLI", async ({ page }) => {
  test.setTimeout(120_000); // runs the command line twice
  await page.goto("/c/solaria/ledger");
  const anchors = page.getByTestId("anchors");
  await expect(anchors).toBeVisible();
  await expect(anchors.getByTestId("anchor-feed").first()).toContainText("Signed feed (Ed25519)");
  await expect(anchors.getByTestId("anchor-feed").first()).toContainText("Anchored");
  await expectAccessible(page);

  await page.getByRole("link", { name: "The signed checkpoint feed" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Signed checkpoints of Solaria Energy Community" })).toBeVisible();
  const key = (await page.getByTestId("feed-public-key").textContent())!.trim();
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(await page.getByTestId("feed-table").getByRole("row").count()).toBeGreaterThan(1);
  await expect(page.getByTestId("feed-table")).not.toContainText("not signed yet");
  await expectAccessible(page);

  const dir = mkdtempSync(join(tmpdir(), "dajie-e2e-"));
  const feed = await page.request.get("/c/solaria/checkpoints.json");
  expect(feed.status()).toBe(200);
  writeFileSync(join(dir, "feed.json"), await feed.body());
  const checked = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "anchor", "verify-feed", join(dir, "feed.json"), "--feed-key", key], { encoding: "utf8" });
  expect(checked.status, checked.stderr).toBe(0);
  expect(checked.stdout).toContain("every statement, signature and consistency proof verifies");

  const exported = await page.request.get("/c/solaria/ledger/export");
  writeFileSync(join(dir, "solaria-ledger.jsonl"), await exported.body());
  const receipts = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "anchor", "verify", "--file", join(dir, "solaria-ledger.jsonl"), "--feed-key", key], { encoding: "utf8" });
  expect(receipts.status, receipts.stdout + receipts.stderr).toBe(0);
  expect(receipts.stdout).toMatch(/signed feed: OK/);

  expect((await page.request.get("/c/no-such-community/checkpoints.json")).status()).toBe(404);
});
