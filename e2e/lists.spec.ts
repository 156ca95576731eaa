// Lists people can work with: the administrator searches and filters members, downloads the list as
// CSV and XLSX (what the list shows), invites the members without an account in one go after one
// confirmation (the mails arrive), and the audit log tells it in words. On a phone the list scrolls
// inside its own region, never the page.
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";
import { waitForMail } from "./mail-catcher";

test.describe.configure({ mode: "serial" });

const run = uniqueSuffix();
const pod = (n: number) => `IT001L${run.toUpperCase()}${n}`;
const mail = (who: string) => `${who}.${run}@example.org`;
/** References unique to this run, so that parallel tests on the shared database never meet them. */
const ref = (n: number) => `L${run}-${n}`;
let communityUrl = "";

async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link, exact: true }).click()]);
  return readFile((await file.path())!);
}

test("the administrator sets up a community with 4 members without an account (one without an e-mail)", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Lista ${run}`);
  await page.getByLabel("Public address").fill(`lists-${run}`);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.12");
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Lista ${run}` })).toBeVisible();
  communityUrl = new URL(page.url()).pathname;
  const csv = [
    "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw",
    `${ref(1)},prosumer,2026-01-01,Anna Lupo,${mail("anna")},Via Uno 1,${pod(1)},consumption,6`,
    `${ref(1)},prosumer,2026-01-01,Anna Lupo,${mail("anna")},Via Uno 1,${pod(1)},injection,4.5`,
    `${ref(2)},consumer,2026-01-01,Bea Neri,${mail("bea")},Via Due 2,${pod(2)},consumption,3`,
    `${ref(3)},producer,2026-02-01,Carlo Sala,,,${pod(3)},injection,20`,
    `${ref(4)},consumer,2026-03-01,Dina Riva,${mail("dina")},,${pod(4)},consumption,3`,
  ].join("\n");
  await page.getByLabel("Member list (CSV)").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("heading", { name: "Members (4)" })).toBeVisible();
});

test("search and filters narrow the list; the CSV and XLSX downloads hold exactly what it shows", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByLabel("Search", { exact: true }).fill("lupo");
  await expect(page.getByRole("heading", { name: "Members (1)" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Anna Lupo" })).toBeVisible();
  await page.getByLabel("Search", { exact: true }).fill("");
  await page.getByLabel("Kind").selectOption("CONSUMER");
  await expect(page.getByRole("heading", { name: "Members (2)" })).toBeVisible();
  // Sorted by name, descending: Dina before Bea.
  await page.getByRole("button", { name: /^Name/ }).click();
  await page.getByRole("button", { name: /^Name/ }).click();
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("row").nth(1)).toContainText("Dina Riva");

  const csv = (await download(page, "CSV")).toString("utf8").trim().split("\r\n");
  expect(csv).toEqual([
    "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw,valid_from,valid_to,member_type,vat_id,vat_status",
    `${ref(4)},consumer,2026-03-01,Dina Riva,${mail("dina")},,${pod(4)},consumption,3.000,2026-03-01,,private,,not_registered`,
    `${ref(2)},consumer,2026-01-01,Bea Neri,${mail("bea")},Via Due 2,${pod(2)},consumption,3.000,2026-01-01,,private,,not_registered`,
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await download(page, "Excel (XLSX)")) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  expect(rows.map((r) => [r[0], r[3], r[6]])).toEqual([
    ["reference", "name", "metering_point"],
    [ref(4), "Dina Riva", pod(4)],
    [ref(2), "Bea Neri", pod(2)],
  ]);
});

test("the members without an account are invited after one confirmation; the mails arrive; the audit log says so in words", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByRole("button", { name: "Select all without an account (4)" }).click();
  await page.getByRole("button", { name: "Invite selected (4)" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByRole("heading", { name: "Invite 4 members?" })).toBeVisible();
  await expect(dialog).toContainText("3 of 4 have an e-mail address");
  await expect(dialog).toContainText(`Without an e-mail address, skipped: ${ref(3)}`);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Send 3 invitations" }).click();
  const results = page.getByRole("list", { name: "Invitation results" });
  await expect(page.getByText("3 invitations issued, 1 skipped.")).toBeVisible();
  await expect(results.getByRole("listitem")).toHaveText([`${ref(1)}: sent to ${mail("anna")}`, `${ref(2)}: sent to ${mail("bea")}`, `${ref(3)}: skipped — no e-mail address`, `${ref(4)}: sent to ${mail("dina")}`]);
  for (const who of ["anna", "bea", "dina"]) await waitForMail(mail(who), /\/invite\//);
});

test("the audit log shows the invitations in words, each linked to its member", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto("/console");
  await page.getByRole("link", { name: "Audit log" }).first().click();
  await page.getByLabel("Event").selectOption({ label: "Invitation sent" });
  const entries = page.getByRole("list", { name: "Audit log entries, newest first" });
  for (const n of [1, 2, 4]) await expect(entries.getByRole("link", { name: `invitation of member ${ref(n)}` })).toBeVisible();
  await expect(entries.getByText("Invitation sent").first()).toBeVisible();
  await expectAccessible(page);
});

test("at 390 px the members list scrolls in its own region, never the page, and is accessible", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await expect(page.getByRole("heading", { name: "Members (4)" })).toBeVisible();
  const region = page.getByRole("region", { name: "Members table (scrolls sideways)" });
  await expect(region).toHaveAttribute("tabindex", "0");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
});
