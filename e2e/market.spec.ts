// The neighbourhood market on the seeded demo (Borgo Mercato: R 25 ct, F 6 ct, grid fee 1 ct; the
// previous month of readings is due and unsettled). A resident sets their price on a phone-sized
// screen and sees what it would have meant last month; the municipality's administrator finalizes
// that month and sees the traded volume and prices; then the public page shows the value kept in
// the community. The second test finalizes, the third reads what it wrote: run in order.
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a resident sets the most they pay neighbours (18 ct/kWh), sees what it would have meant last month, and saves it", async ({ page }) => {
    await signIn(page, "resident@mercato.example");
    await expect(page).toHaveURL(/\/me$/);
    const card = page.getByTestId("market-limits");
    await expect(card).toBeVisible();
    // Plain words, with the tariffs: no limit yet, so the field starts at the retail tariff.
    const price = card.getByLabel("I buy from neighbours when their price is at most");
    await expect(price).toHaveValue("25");
    await expect(card).toContainText("Otherwise I buy from my supplier at 25 ct/kWh.");
    // A price above R is explained, not sent.
    await price.fill("30");
    await expect(card.getByText("Give a price between 6 and 25 ct/kWh.")).toBeVisible();
    await expect(card.getByRole("button", { name: "Save my prices" })).toBeDisabled();

    await price.fill("18");
    await card.getByRole("button", { name: "What would this have meant last month?" }).click();
    const preview = page.getByTestId("market-preview");
    await expect(preview.getByRole("heading", { name: /^Last month \(.+\) with these prices$/ })).toBeVisible();
    await expect(preview).toContainText(/You would have bought [\d.,]+ kWh from neighbours for €[\d.,]+ \(on average [\d.,]+ ct\/kWh\)\./);
    await expect(page.getByTestId("preview-win")).toContainText(/Your win: €[\d.,]+ against the supplier and the feed-in tariff\./);
    await expect(preview).toContainText(/With your current prices it was €[\d.,]+\./);

    // Fits the phone: the card is no wider than the screen.
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);

    await card.getByRole("button", { name: "Save my prices" }).click();
    await expect(card.getByRole("status")).toContainText("Saved. Your prices apply from today");
    await page.reload();
    await expect(page.getByTestId("market-limits").getByLabel("I buy from neighbours when their price is at most")).toHaveValue("18");
    await expectAccessible(page);
  });
});

test("the municipality's administrator finalizes last month of the market community and sees the traded volume, the daily prices and each member's win", async ({ page }) => {
  test.setTimeout(120_000); // previews and finalizes a month of 10 members' quarter hours, then opens the run
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: /Borgo Mercato/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  const due = page.getByTestId("periods").getByRole("row").filter({ hasText: "Ready to settle" }).first();
  const label = (await due.getByRole("rowheader").textContent())!;
  await due.getByRole("button", { name: /^Preview/ }).click();
  const preview = page.getByTestId("preview");
  await expect(preview.getByTestId("totals")).toContainText("Traded in the market");
  await preview.getByRole("button", { name: "Finalize…", exact: true }).click();
  await page.getByRole("dialog", { name: `Finalize ${label}?` }).getByRole("button", { name: "Finalize", exact: true }).click();
  const done = page.getByRole("main").getByRole("status").filter({ hasText: "Finalized" });
  await expect(done).toContainText(`Finalized: ${label} is settled as run version 1.`);

  await done.getByRole("link", { name: "Open the run" }).click();
  await expect(page.getByRole("heading", { name: `Settlement run: ${label}` })).toBeVisible();
  await expect(page.getByText(/Neighbourhood market \(midpoint\), retail €0\.25\/kWh, feed-in €0\.06\/kWh, grid fee €0\.01\/kWh/)).toBeVisible();
  const totals = page.getByTestId("totals");
  await expect(totals).toContainText("Traded in the market");
  await expect(totals).toContainText("Grid fee");
  await expect(totals).toContainText("Value kept in the community");
  // One row per local day with trades (and the header), each with its volume and average price.
  const days = page.getByTestId("market-days");
  expect(await days.getByRole("row").count()).toBeGreaterThan(20);
  await expect(days.getByRole("row").nth(1)).toContainText(/kWh.*0\.\d{4}/);
  const members = page.getByTestId("member-results");
  await expect(members.getByRole("columnheader", { name: "Win" })).toBeVisible();
  await expect(members.getByRole("row")).toHaveCount(11);
  await expect(members.getByRole("row").filter({ hasText: "BM-08" })).toContainText("€");
  await expectAccessible(page);
});

test("the market community's resident sees, first on their page, the average price they paid neighbours and what they saved against their supplier", async ({ page }) => {
  await signIn(page, "resident@mercato.example");
  const summary = page.getByTestId("my-summary");
  await expect(summary).toContainText(/You got [\d.,]+ kWh from your neighbours' panels at €0\.\d+ per kWh on average and paid €[\d.,]+\./);
  await expect(summary).toContainText(/Your charge for the period: €[\d.,]+ \(you owe the community\)\./);
  await expect(summary).toContainText(/You saved €[\d.,]+ against your supplier's €0\.25 per kWh\./);
  await expectAccessible(page);
});

test("the public page of the market community shows the value kept in the community and the average price", async ({ page }) => {
  // The finalize of the test before forgot the kept public figures (forgetPublicStats), so the page
  // shows the settled month at once.
  const kept = page.getByTestId("value-kept");
  await page.goto("/c/borgo-mercato");
  await expect(kept.getByRole("heading", { name: "Value kept in the community" })).toBeVisible();
  await expect(kept).toContainText(/€[\d.,]+/);
  const table = page.getByTestId("credits-table");
  await expect(table.getByRole("columnheader", { name: "Average market price" })).toBeVisible();
  await expect(table.getByRole("row").nth(1)).toContainText(/€0\.\d+\/kWh/);
  await expectAccessible(page);
});
