// The ESCO serving the demo community downloads a final run's billing export.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the ESCO operator downloads the CSV of a final run; every line carries the run's checkpoint root", async ({ page }) => {
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await page.getByTestId("runs").getByRole("link").first().click();
  const root = (await page.getByTestId("checkpoint-root").textContent())!.trim();
  expect(root).toMatch(/^[0-9a-f]{64}$/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dajie-solaria-\d{4}-\d{2}-\d{2}-v\d+\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  expect(header!.split(",")).toContain("ledger_entry_hash");
  expect(rows.length).toBeGreaterThan(20); // one line per member posting
  expect(rows.every((r) => r.endsWith(root))).toBe(true);
  expect(rows.some((r) => r.startsWith("SOL-0"))).toBe(true);
});

test("the export is refused to anonymous visitors (401) and to another municipality (404)", async ({ page, browser }) => {
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await page.getByTestId("runs").getByRole("link").first().click();
  const href = (await page.getByRole("link", { name: "Download JSON" }).getAttribute("href"))!;
  expect((await page.request.get(href)).status()).toBe(200);

  const baseURL = new URL(page.url()).origin;
  const anonymous = await browser.newContext({ baseURL });
  expect((await anonymous.request.get(href)).status()).toBe(401);
  await anonymous.close();

  const otherContext = await browser.newContext({ baseURL });
  const other = await otherContext.newPage();
  await signIn(other, "admin@sonnenfeld.example");
  expect((await other.request.get(href)).status()).toBe(404);
  await otherContext.close();
});
