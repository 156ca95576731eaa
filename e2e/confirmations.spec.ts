// Irreversible actions ask first and name the consequence; Cancel changes nothing, Confirm acts.
// (Finalizing and issuing invoices are covered in settlement.spec.ts and billing.spec.ts.) These tests
// touch only what they create, or cancel, so they leave the shared demo as it was.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";

async function openMember(page: Page, reference: string) {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`\\(${reference}\\)`) })).toBeVisible();
}

test("revoking an API token names the integrations that stop; Cancel keeps it, Confirm revokes it, and the audit log names who did", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "Organization: users, billing, bank, API tokens" }).first().click();
  const name = `importer ${uniqueSuffix()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel(/Import meter readings/).check();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("api-token")).toBeVisible();

  const revoke = page.getByRole("button", { name: `Revoke ${name}` });
  await revoke.click();
  const dialog = page.getByRole("dialog", { name: `Revoke the token “${name}”?` });
  await expect(dialog.getByTestId("confirm-consequence")).toContainText(`(“${name}”) is refused from now on: it can no longer import meter readings. It has never been used.`);
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Escape"); // Escape is Cancel
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).not.toContainText("Revoked");

  await revoke.click();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");

  await page.getByRole("link", { name: "Audit log" }).click();
  // The audit log says it in words (server/audit/audit-words.ts).
  await expect(page.getByRole("listitem").filter({ hasText: "API token revoked" }).first()).toContainText("admin@solaria.example");
});

test("ending a membership needs a date chosen on purpose and a confirmation naming the date and the metering points that end; Cancel ends nothing", async ({ page }) => {
  await openMember(page, "SOL-030");
  const date = page.getByLabel("Membership ends on");
  await expect(date).toHaveValue(""); // no date pre-filled
  const end = page.getByRole("button", { name: "End membership…" });
  await end.click();
  await expect(page.getByText("Choose the day the membership ends.")).toBeVisible();
  await expect(page.getByRole("dialog")).toBeHidden();

  await date.fill("2099-01-01");
  await end.click();
  const dialog = page.getByRole("dialog", { name: "End the membership of SOL-030?" });
  await expect(dialog.getByTestId("confirm-consequence")).toContainText(/SOL-030 is no longer in the community: settlements of later days leave it out, and its (metering point|\d+ metering points) IT001E/);
  await expect(dialog.getByRole("button", { name: /^End membership on / })).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(end).toBeFocused();
  await page.reload();
  await expect(page.getByRole("button", { name: "End membership…" })).toBeVisible(); // still a member
  await expect(page.getByText(/Membership ended on/)).toHaveCount(0);
});

test("erasing personal data says what is deleted and what stays (the pseudonym in the ledger); Cancel erases nothing", async ({ page }) => {
  await openMember(page, "SOL-030");
  const state = page.getByTestId("erasure-state");
  const pseudonym = (await state.locator(".font-mono").first().textContent())!;
  await page.getByRole("button", { name: "Erase personal data…" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase this member's personal data?" });
  await expect(dialog.getByTestId("confirm-consequence")).toContainText("Deleted for good: the name, e-mail, postal address, bank account and mandate, and open invitations");
  await expect(dialog).toContainText(`Kept: the member as ${pseudonym} in the ledger`);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("erasure-state")).not.toContainText("Personal data erased");
});
