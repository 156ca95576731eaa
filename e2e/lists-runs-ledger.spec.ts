// The runs list and the ledger's entries as lists people work with, on the seeded demo (read only: a
// municipal operator, who may read but not finalize, so this spec changes nothing others see): search,
// filters and sort change what is shown, and the CSV download holds exactly the list on screen.
import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

async function download(page: Page, scope: Locator, link: string): Promise<string[][]> {
  const [file] = await Promise.all([page.waitForEvent("download"), scope.getByRole("link", { name: link, exact: true }).click()]);
  return (await readFile((await file.path())!, "utf8"))
    .trim()
    .split("\r\n")
    .map((line) => line.split(","));
}

async function openCommunity(page: Page, tab: "Settlement" | "Ledger") {
  await signIn(page, "operator@solaria.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: tab, exact: true }).click();
}

test("runs: a search by period narrows the list, an impossible one empties it, the period sort turns it; the CSV holds the rows shown", async ({ page }) => {
  await openCommunity(page, "Settlement");
  const runs = page.getByTestId("runs");
  const toolbar = page.getByRole("search", { name: "Search and filter the runs" });
  await expect(runs).toBeVisible();
  const shown = await runs.getByRole("row").count();
  expect(shown).toBeGreaterThan(2);

  // The whole list as CSV: one line per run, the header first; each run's checkpoint root as on screen (the cell's title).
  const all = await download(page, toolbar, "CSV");
  const header = all[0]!;
  const col = (name: string) => header.indexOf(name);
  expect(header).toEqual(expect.arrayContaining(["period_start", "period_end", "version", "checkpoint_root"]));

  // Search by the newest period's end (no later run starts there; a run finalized meanwhile by another
  // spec is an older week): only that period's runs remain, in the file too.
  const end = all
    .slice(1)
    .map((r) => r[col("period_end")]!)
    .sort()
    .at(-1)!;
  await toolbar.getByLabel("Search runs").fill(end);
  await expect(runs.getByRole("row")).toHaveCount(1 + all.slice(1).filter((r) => r[col("period_end")] === end).length);
  const roots = async () => runs.locator("tbody tr td[title]").evaluateAll((cells) => cells.map((c) => c.getAttribute("title")));
  const narrowed = await download(page, toolbar, "CSV");
  expect(narrowed.slice(1).map((r) => r[col("checkpoint_root")])).toEqual(await roots());
  expect(narrowed.length).toBeLessThan(all.length);

  await toolbar.getByLabel("Search runs").fill("no run is called this");
  await expect(page.getByText("No run matches this search or filter.")).toBeVisible();
  await toolbar.getByLabel("Search runs").fill("");
  await expect(runs.getByRole("row")).toHaveCount(shown);

  // Sort by period, oldest first: the header says so, and the file follows the same order.
  await runs.getByRole("button", { name: /^Period/ }).click();
  await expect(runs.getByRole("columnheader", { name: /Period/ })).toHaveAttribute("aria-sort", "ascending");
  const sorted = await download(page, toolbar, "CSV");
  const starts = sorted.slice(1).map((r) => r[col("period_start")]!);
  expect(starts).toEqual([...starts].sort());
  await expect.poll(roots).toEqual(sorted.slice(1).map((r) => r[col("checkpoint_root")]));
  await expectAccessible(page);
});

test("ledger entries: a kind filter and a member's reference as search narrow them, the amount sort orders them; the CSV holds exactly those entries in that order", async ({ page }) => {
  await openCommunity(page, "Ledger");
  const entries = page.getByTestId("ledger-entries");
  const toolbar = page.getByRole("search", { name: "Search and filter the entries" });
  await expect(entries.getByRole("row")).toHaveCount(51); // a page of 50 and the header

  await toolbar.getByLabel("Kind").selectOption({ label: "Shared energy delivered" });
  await toolbar.getByLabel("Search entries").fill("SOL-001");
  // Only SOL-001's deliveries: every row names the member and the kind.
  await expect(entries.getByRole("row").nth(1)).toContainText("SOL-001");
  await expect(page.getByText(/^Entries 1 to \d+ of \d+$/)).toBeVisible();
  const rows = entries.locator("tbody tr");
  // The search applies after the kind filter: wait until no row of another member is left (the first
  // row alone can be SOL-001's before the search has narrowed the list).
  await expect(rows.filter({ hasNotText: "SOL-001" })).toHaveCount(0);
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(50);
  for (const text of await rows.allTextContents()) {
    expect(text).toContain("SOL-001");
    expect(text).toContain("Shared energy delivered");
  }

  // Amount, smallest first.
  await entries.getByRole("button", { name: /^Amount/ }).click();
  await expect(entries.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "ascending");
  const file = await download(page, toolbar, "CSV");
  const seqs = async () => (await rows.locator("td:first-child").allTextContents()).map((s) => s.trim());
  await expect.poll(seqs).toEqual(file.slice(1).map((r) => r[0]));
  const header = file[0]!;
  expect(header.slice(0, 2)).toEqual(["seq", "period_start"]);
  const amounts = file.slice(1).map((r) => Number(r[header.indexOf("amount_eur")]));
  expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  expect(new Set(file.slice(1).map((r) => r[header.indexOf("kind")]))).toEqual(new Set(["SHARED_ENERGY_CREDIT"]));
  expect(new Set(file.slice(1).map((r) => r[header.indexOf("member_reference")]))).toEqual(new Set(["SOL-001"]));
  await expectAccessible(page);
});
