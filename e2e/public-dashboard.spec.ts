// The public pages, seen by a visitor without an account: the demo community's figures with charts
// and tables, the small community below its privacy threshold with every figure hidden and why, the
// ledger's checkpoints and an export that verifies from the file alone. The landing page lists the
// communities; each table downloads as CSV (hidden figures stay hidden); the page fits a phone.
// Other tests may settle more periods meanwhile: nothing here depends on how many there are.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

/** The page scrolls no wider than the window (a phone must not scroll sideways). */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("the landing page lists the communities with a public page and links to them", async ({ page }) => {
  await page.goto("/");
  const list = page.getByTestId("community-list");
  await expect(list.getByRole("link", { name: "Borgo Piccolo Energia" })).toHaveAttribute("href", "/c/borgo-piccolo");
  await list.getByRole("link", { name: "Solaria Energy Community" }).click();
  await expect(page).toHaveURL(/\/c\/solaria$/);
  await expect(page.getByRole("heading", { level: 1, name: "Solaria Energy Community" })).toBeVisible();
});

test("a visitor opens the demo community's page and sees totals, charts and the numbers in tables", async ({ page }) => {
  await page.goto("/c/solaria");
  await expect(page.getByRole("heading", { level: 1, name: "Solaria Energy Community" })).toBeVisible();
  await expect(page.getByTestId("privacy-rule")).toContainText("at least 5 members");

  // Headline totals, with units, none hidden for 40 members.
  for (const [id, unit] of [["total-production", "kWh"], ["total-consumption", "kWh"], ["total-shared", "kWh"], ["total-surplus", "kWh"], ["total-co2", "kg"], ["total-self-sufficiency", "%"], ["total-credit", "€"]] as const) {
    await expect(page.getByTestId(id)).toContainText(unit);
    await expect(page.getByTestId(id).getByTestId("hidden-figure")).toHaveCount(0);
  }
  const members = page.getByTestId("member-counts");
  await expect(members).toContainText("All members40");
  await expect(members).toContainText("Consumers20");
  await expect(members).toContainText("Producers8");
  await expect(members).toContainText("Prosumers12");

  // The cards explain the two rates in words; the municipality's contact is on the page.
  await expect(page.getByTestId("total-self-sufficiency")).toContainText("How much of the members' consumption the community's own panels covered");
  await expect(page.getByTestId("total-self-consumption")).toContainText("How much of the panels' production the members used themselves");
  await expect(page.getByTestId("contact")).toContainText("energia@solaria.example");
  await expect(page.getByTestId("contact")).toContainText("Piazza del Municipio 1");
  await expect(page.getByTestId("contact").getByRole("link", { name: "+39 0761 123 456" })).toHaveAttribute("href", "tel:+390761123456");
  // Whether some figures are hidden depends on what other tests settled meanwhile (a period where one
  // member dominates): if any is, the reason is said once, at the top; else there is no notice.
  const hiddenCells = await page.getByTestId("hidden-figure").count();
  await expect(page.getByTestId("hidden-notice")).toHaveCount(hiddenCells > 0 ? 1 : 0);

  // Charts are drawn (SVG, loaded after the page) and described; the table below has the numbers.
  const energyChart = page.getByRole("img", { name: /Chart of production, shared energy/ });
  await expect(energyChart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  // By default the last 30 days (the demo has 22 local days of readings: all of them, not one month's).
  const days = page.getByTestId("energy-table");
  await expect(page.getByRole("navigation", { name: "Month" }).locator("[aria-current=date]")).toHaveText("Last 30 days");
  const dayRows = (await days.getByRole("row").count()) - 1;
  expect(dayRows).toBeGreaterThan(3);
  expect(dayRows).toBeLessThanOrEqual(30);
  await expect(days.getByRole("row").nth(1)).toContainText("kWh");
  await expect(days.getByRole("row").nth(1)).toContainText("%");

  // The credits: the total is the sum of the periods, the last running total in the table.
  const credits = page.getByTestId("credits-table");
  const lastPaid = (await credits.getByRole("row").last().getByRole("cell").last().textContent())!.trim();
  await expect(page.getByTestId("total-credit")).toContainText(lastPaid);
  await expect(page.getByRole("img", { name: /Chart of the Community Credit/ }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expectAccessible(page);

  // The day table as CSV: the same days, exact kWh.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("energy-csv").click()]);
  expect(download.suggestedFilename()).toBe("solaria-energy-last-30-days.csv");
  const csv = (await import("node:fs")).readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
  expect(csv[0]).toBe("period,from,to,partial,production_kwh,consumption_kwh,shared_kwh,self_sufficiency_percent,self_consumption_percent,surplus_kwh,avoided_co2_kg");
  expect(csv).toHaveLength(dayRows + 1);
  expect(csv[1]).toMatch(/^\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},no,\d+\.\d{3,6},\d+\.\d{3,6},/);

  // Day, month and year views.
  await page.getByRole("link", { name: "Months" }).click();
  await expect(page).toHaveURL(/view=month/);
  await expect(page.getByRole("link", { name: "Months" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("energy-table").getByRole("columnheader").first()).toHaveText("Month");
  await page.getByRole("link", { name: "Years" }).click();
  await expect(page.getByTestId("energy-table").getByRole("columnheader").first()).toHaveText("Year");
  await expect(page.getByTestId("energy-table").getByRole("row").nth(1)).toContainText("kWh");
  await expect(page.getByTestId("energy-table").getByTestId("partial-period").first()).toContainText(/^partial: /); // this year is not over
  await expectAccessible(page);
});

test("the demo community's page on a phone (390 px): no sideways scrolling, accessible", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/c/solaria");
  await expect(page.getByRole("img", { name: /Chart of production, shared energy/ }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await page.goto("/c/solaria?view=month");
  await expectNoSidewaysScroll(page);
});

test("the page of a community below its privacy threshold (3 members, k = 5) says once why figures are hidden, and its CSV hides them too", async ({ page }) => {
  await page.goto("/c/borgo-piccolo");
  await expect(page.getByRole("heading", { level: 1, name: "Borgo Piccolo Energia" })).toBeVisible();
  // One notice with the reason; the cells say only "hidden" (was: the reason repeated in ~30 cells).
  await expect(page.getByTestId("hidden-notice")).toHaveCount(1);
  await expect(page.getByTestId("hidden-notice")).toContainText("Some figures are hidden to protect the members' privacy: fewer than 5 members.");
  await expect(page.getByText("fewer than 5 members")).toHaveCount(1);
  await expect(page.getByTestId("total-production").getByTestId("hidden-figure")).toHaveText("hidden");
  await expect(page.getByTestId("total-shared").getByTestId("hidden-figure")).toHaveText("hidden");
  await expect(page.getByTestId("member-counts").getByTestId("hidden-figure").first()).toHaveText("hidden");
  await expect(page.getByTestId("chart-all-hidden")).toBeVisible(); // nothing to draw
  const table = page.getByTestId("energy-table");
  await expect(table.getByRole("row")).toHaveCount(4); // header + 3 days
  await expect(table.locator("tbody")).not.toContainText("kWh");
  await expect(table.getByTestId("hidden-figure").first()).toHaveText("hidden");
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("energy-csv").click()]);
  const rows = (await import("node:fs")).readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n").slice(1);
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row.split(",").slice(4).every((cell) => cell === "" || cell === "hidden: fewer than 5 members"), row).toBe(true);
});

test("the ledger page lists checkpoints, and the downloaded export verifies with the CLI against the same root", async ({ page }) => {
  test.setTimeout(120_000); // runs the command line twice
  await page.goto("/c/solaria/ledger");
  const table = page.getByTestId("checkpoints-table");
  expect(await table.getByRole("row").count()).toBeGreaterThan(1);
  await expect(page.getByText("npm run -s dajie -- verify-export solaria-ledger.jsonl")).toBeVisible();
  await expect(page.getByTestId("anchors")).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download the ledger export/ }).click();
  const file = join(mkdtempSync(join(tmpdir(), "dajie-e2e-")), (await download).suggestedFilename());
  await (await download).saveAs(file);
  const header = JSON.parse((await import("node:fs")).readFileSync(file, "utf8").split("\n")[0]!) as { checkpoints: { treeSize: string; root: string }[] };
  const latest = header.checkpoints[header.checkpoints.length - 1]!;
  // The latest checkpoint in the file is one the page shows.
  await page.reload();
  await expect(page.getByTestId("checkpoints-table")).toContainText(latest.root);

  const cli = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "verify-export", file], { encoding: "utf8" });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stdout).toContain("all hashes and roots match");
  expect(cli.stdout).toContain(latest.root);

  // A changed amount is named.
  const text = (await import("node:fs")).readFileSync(file, "utf8").split("\n");
  const entry = JSON.parse(text[1]!) as { amountCents: string };
  text[1] = JSON.stringify({ ...entry, amountCents: String(BigInt(entry.amountCents) + 1n) });
  writeFileSync(file, text.join("\n"));
  const tampered = spawnSync("node_modules/.bin/tsx", ["scripts/dajie.ts", "verify-export", file], { encoding: "utf8" });
  expect(tampered.status).toBe(1);
  expect(tampered.stdout).toContain("entry 1 fails verification: hash mismatch");
});

test("an unknown community is a 404 page", async ({ page }) => {
  const response = await page.goto("/c/no-such-community");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No community at this address" })).toBeVisible();
  expect((await page.request.get("/c/no-such-community/ledger/export")).status()).toBe(404);
});

test("the console links to the community's public page", async ({ page }) => {
  await signIn(page, "operator@solaria.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByTestId("public-page-link").click();
  await expect(page).toHaveURL(/\/c\/solaria$/);
  await expect(page.getByRole("heading", { level: 1, name: "Solaria Energy Community" })).toBeVisible();
});
