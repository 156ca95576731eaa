// The seeded demo, seen by each kind of user.
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("a wrong password is refused with a plain message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("admin@solaria.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The e-mail or password is not right.");
  await expectAccessible(page);
});

test("the console needs a sign-in and comes back after it", async ({ page }) => {
  await page.goto("/console");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fconsole/);
  await page.getByLabel("E-mail").fill("operator@solaria.example");
  await page.getByLabel("Password").fill("dajie-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/console$/);
});

test("the demo community has 40 members with metering points", async ({ page }) => {
  await signIn(page, "operator@solaria.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await expect(page.getByText("40 members · 52 metering points")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Members (40)" })).toBeVisible();
  await expectAccessible(page);
  // An operator manages members but does not see the settings tab.
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await page.getByRole("link", { name: "Metering points" }).click();
  await expect(page.getByRole("row")).toHaveCount(53);
});

test("the ESCO serving the community reads it without personal data, cannot change it, and can import meter data", async ({ page }) => {
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await expect(page.getByText("served by your ESCO: read, import meter data and settle")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add a member" })).toHaveCount(0);
  await expect(page.getByText("Anna Rossi")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "SOL-001" })).toBeVisible();
  // Importing meter data is part of an ESCO's job.
  await page.getByRole("link", { name: "Meter data" }).click();
  await expect(page.getByRole("heading", { name: "Import a file" })).toBeVisible();
});

test("a demo resident sees their own meters and readings, and signs out", async ({ page }) => {
  await signIn(page, "resident@solaria.example");
  await expect(page).toHaveURL(/\/me$/);
  const table = page.getByTestId("my-metering-points");
  await expect(table.getByRole("listitem")).toHaveCount(2); // a prosumer: consumption and injection
  await expect(table).toContainText("2,016 quarter hours"); // counts are formatted for the language (en: 2,016)
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/me");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the platform administrator creates an organization and invites its first administrator", async ({ page }) => {
  await signIn(page, "admin@dajie.example");
  await expect(page).toHaveURL(/\/console\/admin$/);
  const name = `Comune di Prova ${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await row.getByLabel("Administrator's e-mail").fill(`sindaco.${Date.now().toString(36)}@example.org`);
  await row.getByRole("button", { name: "Invite" }).click();
  await expect(row.getByTestId("invitation-link")).toHaveValue(/\/invite\//);
  await expectAccessible(page);
});
