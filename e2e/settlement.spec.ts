// Settlement in the browser, on the seeded demo: the scheduler has settled the complete weeks; the
// first, partial week has gaps and waits for a person. Rows are found by their state, never by date.
// Only the first test finalizes anything (the due week), so the tests may run in any order.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

async function openSettlement(page: Page, email: string) {
  await signIn(page, email);
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await expect(page.getByTestId("periods")).toBeVisible();
  await expect(page.getByTestId("runs")).toBeVisible();
}

test("the ESCO operator previews the due week with its gaps, finalizes it, and follows it into the ledger", async ({ page }) => {
  test.setTimeout(120_000); // previews and finalizes a week of the whole demo community, then walks the run, a member and the ledger
  await openSettlement(page, "operator@helios.example");
  const periods = page.getByTestId("periods");
  const runs = page.getByTestId("runs");

  // The weeks the scheduler settled, each with its run; and the week with gaps, newest first.
  const finalRows = periods.getByRole("row").filter({ hasText: /Final \(v1\)/ });
  const finals = await finalRows.count();
  expect(finals).toBeGreaterThanOrEqual(1);
  await expect(runs.getByRole("row")).toHaveCount(finals + 1);
  // A week with gaps is not "ready": it needs review, with the share of readings missing.
  const due = periods.getByRole("row").filter({ hasText: /Needs review: \d+\.\d % missing/ }).first();
  await expect(due).toBeVisible();
  await expect(periods.getByRole("row").filter({ hasText: "Ready to settle" })).toHaveCount(0);
  const label = (await due.getByRole("rowheader").textContent())!;
  const percent = /Needs review: (\d+\.\d) % missing/.exec((await due.textContent())!)![1]!;

  await due.getByRole("button", { name: /^Preview/ }).click();
  const preview = page.getByTestId("preview");
  await expect(preview.getByRole("heading", { name: `Preview: ${label}` })).toBeVisible();
  await expect(preview.getByTestId("totals")).toContainText("kWh");
  await expect(preview.getByTestId("totals")).toContainText("€");
  // The gap report names each metering point with missing intervals; 40 members, one row each.
  await expect(preview.getByRole("heading", { name: "Missing meter data" })).toBeVisible();
  expect(await preview.getByTestId("gap-report").getByRole("row").count()).toBeGreaterThan(1);
  await expect(preview.getByTestId("gap-report")).toContainText("IT001E");
  await expect(preview.getByTestId("member-results").getByRole("row")).toHaveCount(41);
  await expect(preview.getByTestId("member-results")).toContainText("SOL-040");
  await expectAccessible(page);

  // Finalizing a week with gaps needs the explicit review, then a confirmation naming the gaps.
  const finalize = preview.getByRole("button", { name: "Finalize…", exact: true });
  await expect(finalize).toBeDisabled();
  await preview.getByLabel("I have reviewed the missing data and settle anyway").check();
  await expect(finalize).toBeEnabled();
  await finalize.click();
  const dialog = page.getByRole("dialog", { name: `Finalize ${label}?` });
  await expect(dialog.getByTestId("confirm-consequence")).toContainText(new RegExp(`^${percent.replace(".", "\\.")} % of the readings are missing \\([\\d,]+ of [\\d,]+ intervals\\) for \\d+ metering points?; they will be settled as zero\\.$`));
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(page);
  // Cancel does nothing: no run, the week still needs review.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(finalize).toBeFocused();
  await expect(runs.getByRole("row")).toHaveCount(finals + 1);
  await expect(periods.getByRole("row").filter({ hasText: label })).toContainText("Needs review");
  // Confirm acts.
  await finalize.click();
  await dialog.getByRole("button", { name: "Finalize with missing data" }).click();
  const done = page.getByRole("main").getByRole("status").filter({ hasText: "Finalized" });
  await expect(done).toContainText(`Finalized: ${label} is settled as run version 1.`);
  await expect(periods.getByRole("row").filter({ hasText: label })).toContainText("Final (v1)");
  await expect(runs.getByRole("row")).toHaveCount(finals + 2);
  await expect(preview.getByTestId("latest-run-note")).toContainText("Finalizing again changes nothing");

  // The run: its checkpoint covers every entry so far, and the gaps it accepted.
  await done.getByRole("link", { name: "Open the run" }).click();
  await expect(page.getByRole("heading", { name: `Settlement run: ${label}` })).toBeVisible();
  await expect(page.getByTestId("checkpoint-size")).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId("checkpoint-root")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("accepted-gaps")).toContainText("metering points with missing intervals");
  // The run names who finalized it, not "a user".
  await expect(page.getByTestId("run-started-by")).toContainText("operator@helios.example");
  await expect(page.getByTestId("member-results").getByRole("row")).toHaveCount(41);
  await expectAccessible(page);

  // One member's Prosumer Credit ledger, from the run's table: a producer is credited.
  await page.getByTestId("member-results").getByRole("link", { name: "SOL-013" }).click();
  await expect(page.getByRole("heading", { name: "Prosumer Credit ledger" })).toBeVisible();
  await expect(page.getByTestId("pc-balance")).toContainText("€");
  expect(await page.getByTestId("pc-ledger").getByRole("row").count()).toBeGreaterThan(finals + 1);
  await expect(page.getByTestId("pc-ledger")).toContainText("Shared energy delivered");

  // The community ledger: balances per account, entries newest first, an account filter and paging.
  await page.getByRole("link", { name: "Ledger", exact: true }).click();
  await expect(page.getByTestId("balances")).toContainText("Community clearing (CC)");
  expect(await page.getByTestId("balances").getByRole("row").count()).toBeGreaterThan(10);
  const entries = page.getByTestId("ledger-entries");
  await expect(entries.getByRole("row")).toHaveCount(51); // a page of 50 and the header
  await expect(entries).toContainText(label);
  await expectAccessible(page);
  const firstSeq = await entries.getByRole("row").nth(1).getByRole("cell").first().textContent();
  await page.getByRole("button", { name: "Older entries" }).click();
  await expect(entries.getByRole("row").nth(1).getByRole("cell").first()).not.toHaveText(firstSeq!);
  await page.getByLabel("Show entries of account").selectOption({ label: "Community clearing (CC)" });
  await expect(entries.getByRole("row")).toHaveCount((finals + 1) * 2 + 1); // CC: collected and paid, per run
  await expect(page.getByRole("button", { name: "Older entries" })).toHaveCount(0);
});

test("a municipal operator reads the runs but cannot finalize", async ({ page }) => {
  await openSettlement(page, "operator@solaria.example");
  expect(await page.getByTestId("runs").getByRole("row").count()).toBeGreaterThan(1);
  const settled = page.getByTestId("periods").getByRole("row").filter({ hasText: /Final \(v\d+\)/ }).first();
  await settled.getByRole("button", { name: /^Preview/ }).click();
  const preview = page.getByTestId("preview");
  await expect(preview.getByTestId("latest-run-note")).toContainText("Finalizing again changes nothing");
  await expect(preview.getByTestId("who-can-finalize")).toContainText("Only an administrator of Comune di Solaria or an ESCO serving this community can finalize");
  // (not the runs list's "Finalized" column, a sort button)
  await expect(page.getByRole("button", { name: /^Finalize(?!d)/ })).toHaveCount(0);
  // Runs and their checkpoints are readable.
  await page.getByTestId("runs").getByRole("link").first().click();
  await expect(page.getByTestId("checkpoint-root")).toHaveText(/^[0-9a-f]{64}$/);
});

test("the municipality's administrator may finalize; a settled week with the same meter data stays as it is", async ({ page }) => {
  await openSettlement(page, "admin@solaria.example");
  const settled = page.getByTestId("periods").getByRole("row").filter({ hasText: /Final \(v\d+\)/ }).first();
  const label = (await settled.getByRole("rowheader").textContent())!;
  await settled.getByRole("button", { name: /^Preview/ }).click();
  const preview = page.getByTestId("preview");
  await expect(preview.getByTestId("no-gaps")).toBeVisible();
  await preview.getByRole("button", { name: "Finalize…", exact: true }).click();
  await page.getByRole("dialog", { name: `Finalize ${label}?` }).getByRole("button", { name: "Finalize", exact: true }).click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Nothing changed" })).toContainText("run version 1 already settles this period");
  await expect(page.getByTestId("periods").getByRole("row").filter({ hasText: label })).toContainText("Final (v1)");
});
