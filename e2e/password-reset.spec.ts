// "Forgot password?" end to end with the local SMTP catcher, for a resident of this spec's own (so no
// other spec's user changes password): invited by an administrator, they turn on statement e-mails,
// later forget their password, get the link by e-mail, set a new one; the old one stops working, the
// link works once.
import { expect, test } from "@playwright/test";
import { linkIn, waitForMail } from "./mail-catcher";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = uniqueSuffix();
const email = `reset.${run}@example.org`;
const FIRST_PASSWORD = "first rooftop password 2026";
const NEW_PASSWORD = "second rooftop password 2026";

let communityUrl = "";

test("an administrator invites a resident of a community of this spec's own; the resident creates the account", async ({ page, browser }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Reset Hill ${run}`);
  await page.getByLabel("Public address").fill(`e2e-reset-${run}`);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.12");
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Reset Hill ${run}` })).toBeVisible();
  communityUrl = new URL(page.url()).pathname;
  const csv = ["reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw", `R-1,consumer,2026-01-01,Rita Reset,${email},Via Tre 3,IT001E${run.toUpperCase()}9,consumption,3`];
  await page.getByLabel("Member list (CSV)").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv.join("\n")) });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText("from members.csv.");
  await page.getByRole("link", { name: "R-1" }).click();
  await page.getByLabel("Resident's e-mail").fill(email);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const inviteLink = await page.getByTestId("invitation-link").inputValue();

  const resident = await browser.newContext();
  const rp = await resident.newPage();
  await rp.goto(new URL(inviteLink).pathname);
  await rp.getByLabel("Your name").fill("Rita Reset");
  await rp.getByLabel("Choose a password").fill(FIRST_PASSWORD);
  await rp.getByLabel("Repeat the password").fill(FIRST_PASSWORD);
  await rp.getByRole("button", { name: "Create my account" }).click();
  await expect(rp).toHaveURL(/\/me$/);
  await resident.close();
});

test("the resident turns on statement e-mails on /me (off by default; kept after a reload)", async ({ page }) => {
  await signIn(page, email, FIRST_PASSWORD);
  await page.goto("/me");
  const mails = page.getByTestId("statement-mails");
  const box = mails.getByLabel("E-mail me when a new statement is ready");
  await expect(box).not.toBeChecked();
  await box.check();
  await mails.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("statement-mails-state")).toHaveText(`On: statement e-mails go to ${email} in English.`);
  await page.reload();
  await expect(page.getByTestId("statement-mails").getByLabel("E-mail me when a new statement is ready")).toBeChecked();
  await expectAccessible(page);
});

test("the console's E-mails tab of the community counts the resident who has them on", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByRole("navigation", { name: "Community sections" }).getByRole("link", { name: "E-mails" }).click();
  await expect(page.getByText("1 member has it on now.", { exact: false })).toBeVisible();
  await expect(page.getByText("No final runs yet: e-mails go out after a run is finalized.")).toBeVisible();
  await expectAccessible(page);
});

test("the resident forgets the password: the link comes by e-mail, sets a new password once; the old one no longer works", async ({ page, browser }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByTestId("forgot-sent")).toContainText("If an account uses this address, a link to choose a new password is on its way.");

  const mail = await waitForMail(email, /\/reset\//);
  expect(mail.subject).toBe("Choose a new Dajie password");
  const link = new URL(linkIn(mail.text, /\/reset\//));
  await page.goto(link.pathname);
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

  // The old password is refused, the new one works.
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FIRST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The e-mail or password is not right.")).toBeVisible();
  await signIn(page, email, NEW_PASSWORD);

  // The same link a second time is refused.
  await page.goto(link.pathname);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This reset link is not valid, used or expired.");

  // In an Italian browser the page follows the visitor's language like the sign-in page (switcher shown);
  // the error gets its heading in Italian above the server's detail, which stays English.
  const italian = await browser.newContext({ locale: "it-IT" });
  const ip = await italian.newPage();
  await ip.goto(link.pathname);
  await expect(ip.locator("html")).toHaveAttribute("lang", "it");
  await expect(ip.getByRole("heading", { level: 1, name: "Reimposta la password" })).toBeVisible();
  await expect(ip.getByRole("main").getByRole("alert").getByTestId("error-heading")).toHaveText("Non trovato");
  await expect(ip.getByRole("button", { name: "Italiano" })).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(ip);
  await italian.close();
});
