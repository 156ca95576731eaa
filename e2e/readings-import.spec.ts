// Meter data through the browser: an administrator uploads a grid operator's load curve, sees the
// upload progress and the check of the file, imports it and sees the daily energy; a broken copy of the
// same file names its bad line and imports nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = uniqueSuffix();
const SAMPLE = join(process.cwd(), "test", "fixtures", "meter-files", "enedis-load-curve-30min.csv");
const PRM = "1111111111111"; // the id in the Enedis sample
let communityUrl = "";

test("an administrator sets up a community with the sample's metering point", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Lumière ${run}`);
  await page.getByLabel("Public address").fill(`e2e-meter-${run}`);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.10");
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Lumière ${run}` })).toBeVisible();
  communityUrl = new URL(page.url()).pathname;

  const members = ["reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw,valid_from", `L-1,consumer,2022-01-01,Louise Martin,,,${PRM},consumption,6,2022-01-01`].join("\n");
  await page.getByLabel("Member list (CSV)").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(members) });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported 1 members and 1 metering points from members.csv.");
});

test("the load curve is uploaded with progress, checked, imported and shown by day", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByRole("link", { name: "Meter data" }).click();
  await expect(page.getByRole("heading", { name: "Import a file" })).toBeVisible();
  await expect(page.getByText("No meter data imported yet.")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Meter data file").setInputFiles(SAMPLE);
  const progress = page.getByRole("progressbar", { name: "Upload progress" });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Upload(ing|ed)…? \d+ %/)).toBeVisible();
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("enedis file, 17,520 readings to import");
  await expect(progress).toHaveAttribute("value", "100");
  await expect(page.getByText("Uploaded 100 %")).toBeVisible();
  const channel = preview.getByRole("row").filter({ hasText: PRM });
  await expect(channel.getByTestId("channel-intervals")).toHaveText("17,520 × 30 min");
  await expect(channel).toContainText("7,302.6 kWh");
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported 17,520 readings (17,520 new, 0 unchanged, 0 corrected).");
  const imports = page.getByTestId("imports-table");
  await expect(imports.getByRole("row")).toHaveCount(2);
  await expect(imports).toContainText("enedis-load-curve-30min.csv");

  // The imported point is shown: the last 31 days of its data, chart and numbers.
  await expect(page.getByLabel("Metering point", { exact: true })).toHaveValue(/.+/);
  await expect(page.getByRole("img", { name: new RegExp(`Daily energy of ${PRM} \\(Consumption\\) in kWh`) })).toBeVisible();
  const days = page.getByTestId("daily-readings");
  await expect(days.getByRole("row")).toHaveCount(32); // header + 31 days
  await expect(days.getByRole("row").filter({ hasText: "Jul 28, 2023" })).toBeVisible();
  await expect(page.getByTestId("gaps")).toContainText("None: every 15-minute interval has a reading.");
  await expectAccessible(page);
});

test("a broken copy names its bad line and imports nothing", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(`${communityUrl}/readings`);
  const lines = readFileSync(SAMPLE, "utf8").split("\n");
  lines[9] = lines[9]!.replace(/;\d+/, ";12x4"); // line 10 of the file
  await page.getByLabel("Meter data file").setInputFiles({ name: "enedis-broken.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("1 problem stops the import.");
  await expect(alert.getByRole("listitem").first()).toContainText("line 10");
  await expect(alert.getByRole("listitem").first()).toContainText("— 1 row");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await expect(page.getByLabel(/Skip these rows: non-numeric/)).not.toBeChecked();
  await expect(page.getByTestId("imports-table").getByRole("row")).toHaveCount(2); // unchanged
  await expectAccessible(page);
});
