// Every real sample file imports through the browser too: upload, map the file's ids to the
// community's metering points, skip the sample's known defects where it has them, import.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { SAMPLE_CASES, SAMPLES_DIR } from "../server/metering/import/sample-cases";
import { signIn, uniqueSuffix } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = uniqueSuffix().toUpperCase();
const codeOf = (code: string) => `${code}-${run}`;
let readingsUrl = "";

test("a community with a metering point for every channel of every sample", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Samples ${run}`);
  await page.getByLabel("Public address").fill(`e2e-samples-${run.toLowerCase()}`);
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Samples ${run}` })).toBeVisible();
  const lines = ["reference,kind,joined_on,metering_point,direction,capacity_kw,valid_from"];
  for (const c of SAMPLE_CASES) for (const ch of c.channels) lines.push(`S-1,prosumer,2010-01-01,${codeOf(ch.code)},${ch.direction.toLowerCase()},10,2010-01-01`);
  await page.getByLabel("Member list (CSV)").setInputFiles({ name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText(`Imported 1 members and ${lines.length - 1} metering points`);
  readingsUrl = `${new URL(page.url()).pathname}/readings`;
});

for (const c of SAMPLE_CASES) {
  const total = c.channels.reduce((n, ch) => n + ch.intervals, 0);
  test(`${c.file}: ${total.toLocaleString("en")} readings imported through the browser`, async ({ page }) => {
    await signIn(page, "admin@solaria.example");
    await page.goto(readingsUrl);
    await page.getByLabel("Meter data file").setInputFiles(join(SAMPLES_DIR, c.file));
    const preview = page.getByTestId("import-preview");
    await expect(preview).toBeVisible();
    for (const ch of c.channels) {
      const select = page.getByLabel(`Map ${ch.fileId} to`).first();
      if ((await select.inputValue()) !== codeOf(ch.code).toUpperCase()) await select.selectOption(codeOf(ch.code).toUpperCase());
    }
    for (const code of c.skip ?? []) await page.getByLabel(new RegExp(`Skip these rows: ${code}`)).check();
    await expect(preview).toContainText(`${total.toLocaleString("en")} readings to import`);
    await expect(page.getByRole("button", { name: "Import", exact: true })).toBeEnabled();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText(`Imported ${total.toLocaleString("en")} readings (${total.toLocaleString("en")} new, 0 unchanged, 0 corrected).`);
    await expect(page.getByTestId("imports-table")).toContainText(c.file);
  });
}

test("a CSV mapping saved in the console imports the next file of that layout", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(readingsUrl);
  await page.getByText("Options (format, time zone, metering point id, CSV mapping)").click();
  const mapping = { delimiter: ";", decimalMark: ",", unit: "kWh", intervalSeconds: 900, timeZone: "Europe/Vienna", layout: { kind: "long", meteringPoint: "Zählpunkt", timestamp: "Zeit", energy: "Menge" } };
  await page.getByLabel("Mapping name").fill("netz-export");
  await page.getByLabel("Mapping (JSON)").fill(JSON.stringify(mapping));
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as" })).toHaveText("Saved as “netz-export”.");
  await page.getByLabel("Saved CSV mapping").selectOption("netz-export");
  const code = codeOf("AT-EP").toUpperCase();
  const csv = ["Zählpunkt;Zeit;Menge", ...["0,25", "0,5", "0,75", "1"].map((v, i) => `${code};2030-01-10 00:${String(i * 15).padStart(2, "0")};${v}`)].join("\n");
  await page.getByLabel("Meter data file").setInputFiles({ name: "netz-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("import-preview")).toContainText("4 readings to import");
  await expect(page.getByTestId("import-preview").getByRole("row").filter({ hasText: code })).toContainText("2.5 kWh");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported 4 readings (4 new, 0 unchanged, 0 corrected).");
});
