// Import problems grouped by cause, on a phone: a year of half-hours (17,520 readings) for a metering
// point that only becomes valid later is one line — the count, the first lines, the local times and
// what would fix it — not 17,520 lines; the full list is a CSV download with one row per problem.
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 390, height: 844 } });

const run = uniqueSuffix();
const SAMPLE = join(process.cwd(), "test", "fixtures", "meter-files", "enedis-load-curve-30min.csv"); // 29 Jul 2022 – 29 Jul 2023
// The sample under a meter id of this run's own: metering point ids are unique across communities for
// overlapping dates, and other browser tests register the sample's own PRM (1111111111111).
const PRM = `9${String(Date.now()).slice(-12)}`;

test("17,520 readings before the point's validity are one grouped line with the fix, and the full list downloads", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Validité ${run}`);
  await page.getByLabel("Public address").fill(`e2e-problems-${run}`);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.10");
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Validité ${run}` })).toBeVisible();
  const communityUrl = new URL(page.url()).pathname;
  // The point is valid only from 1 Jan 2024: every reading of the sample falls before it.
  const members = ["reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw,valid_from", `V-1,consumer,2024-01-01,Valérie Petit,,,${PRM},consumption,6,2024-01-01`].join("\n");
  await page.getByLabel("Member list (CSV)").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(members) });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported 1 members and 1 metering points from members.csv.");

  await page.goto(`${communityUrl}/readings`);
  const sample = (await readFile(SAMPLE, "utf8")).replace("1111111111111", PRM);
  await page.getByLabel("Meter data file").setInputFiles({ name: "enedis-load-curve-30min.csv", mimeType: "text/csv", buffer: Buffer.from(sample) });
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("17,520 problems stop the import.");
  const causes = alert.getByRole("list", { name: "Problems by cause" }).getByRole("listitem");
  await expect(causes).toHaveCount(1);
  await expect(causes.first()).toContainText(`Readings outside the metering point's validity: ${PRM} — 17,520 rows`);
  await expect(causes.first()).toContainText("lines 4, 5, 6, 7, 8, …");
  // The first and last half-hours in the community's time zone (Rome, summer time in July), zone named.
  await expect(causes.first()).toContainText("Jul 29, 2022, 12:00 AM GMT+2 to Jul 28, 2023, 11:30 PM GMT+2");
  await expect(causes.first()).toContainText(`${PRM} is valid from Jan 1, 2024.`);
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  // The page stays phone-sized: no 19,500 px list.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the full list of problems (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("enedis-load-curve-30min-problems.csv");
  const rows = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
  expect(rows).toHaveLength(1 + 17_520);
  expect(rows[1]).toBe(`4,,outside-validity,${PRM},"29 Jul 2022, 00:00",no,${PRM} is not valid at 2022-07-28T22:00:00.000Z`);
});
