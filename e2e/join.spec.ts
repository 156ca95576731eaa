// Joining a community, in the browser: an administrator opens the join page of a community of the
// run's own (so the demo's member counts stay as they are) with two documents; an applicant on a phone
// fills it in and confirms by the e-mail link (local SMTP catcher); the request reaches the admin's
// console, who approves it; the applicant gets the invitation by e-mail, sets a password, sees their
// day view on /me, creates a device token, and the device API answers with their data only (another
// member's id → 404).
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";
import { linkIn, waitForMail } from "./mail-catcher";

test.describe.configure({ mode: "serial" });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const run = uniqueSuffix();
const slug = `e2e-join-${run}`;
const community = `Campo Sole ${run}`;
const email = `applicant.${run}@example.org`;
const code = `IT001E${run.toUpperCase()}J`;
const DAY = "2026-11-02";
let communityUrl = "";

/** The elements that stick out of the viewport on the right (none: the page does not scroll sideways). */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > width + 0.5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} ${Math.round(e.getBoundingClientRect().right)} px`).slice(0, 10);
  });

test("an administrator creates a community and opens its join page with statutes and a privacy notice", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(community);
  await page.getByLabel("Public address").fill(slug);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.12");
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: community })).toBeVisible();
  communityUrl = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Settings" }).click();
  const join = page.getByTestId("join-settings");
  await join.getByLabel("Take requests to join on the public page").check();
  await join.getByLabel("Statutes: title").fill("Statutes");
  await join.getByLabel("Statutes: link").fill("https://example.org/statutes.pdf");
  await join.getByLabel("Privacy notice: title").fill("Privacy notice");
  await join.getByLabel("Privacy notice: link").fill("https://example.org/privacy.html");
  await join.getByRole("button", { name: "Save joining" }).click();
  await expect(join.getByText("Saved.")).toBeVisible();
  await expect(join).toContainText("Statutes (version 1, published");
  await expectAccessible(page);
});

test.describe("on a phone", () => {
  test.use(PHONE);

  test("the applicant fills in the join page and confirms by the e-mail link", async ({ page }) => {
    await page.goto(`/c/${slug}`);
    await page.getByTestId("join-link").click();
    await expect(page).toHaveURL(new RegExp(`/c/${slug}/join$`));
    await expect(page.getByRole("heading", { level: 1, name: `Join ${community}` })).toBeVisible();
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await sideways(page)).toEqual([]);
    await page.setViewportSize(PHONE.viewport);

    // Sent empty: every required field is named, nothing is sent.
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Check the fields marked below.");
    await expect(page.getByText("Enter your name.")).toBeVisible();
    await expect(page.getByText("Accept the documents to apply.")).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("You are joining as").selectOption("PRIVATE");
    await page.getByLabel("Full name (or the organisation's name)").fill("Livia Campo");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Address").fill("Via dei Campi 7\n00100 Solaria");
    await page.getByLabel("Code of metering point 1").fill(code);
    await page.getByLabel("Direction of metering point 1").selectOption("CONSUMPTION");
    await page.getByLabel("I have read and accept: Statutes (version 1)").check();
    await page.getByLabel("I have read and accept: Privacy notice (version 1)").check();
    await page.getByLabel("Account holder").fill("Livia Campo");
    await page.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
    await page.getByRole("checkbox", { name: /SEPA direct debit/ }).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await expect(page.getByTestId("join-sent")).toContainText("Check your e-mail");
    expect(await sideways(page)).toEqual([]);

    const mail = await waitForMail(email, /join\/confirm\//);
    expect(mail.subject).toBe(`Confirm your request to join ${community}`);
    await page.goto(new URL(linkIn(mail.text, /\/join\/confirm\//)).pathname);
    await page.getByRole("button", { name: "Confirm my request" }).click();
    await expect(page.getByTestId("join-confirmed")).toContainText("Thank you: your request is confirmed");
    await expectAccessible(page);
  });
});

test("the join page passes the accessibility checks on a desktop screen", async ({ page }) => {
  await page.goto(`/c/${slug}/join`);
  await expect(page.getByRole("heading", { level: 1, name: `Join ${community}` })).toBeVisible();
  await expectAccessible(page);
});

test("the request appears in the administrator's console; approving creates the member, who gets meter data", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await expect(page.getByRole("link", { name: /1 request to join waits for a decision/ })).toBeVisible();
  await page.getByRole("link", { name: /1 request to join waits for a decision/ }).click();
  const request = page.getByTestId("join-request");
  await expect(request).toContainText(email);
  await expect(request).toContainText(code);
  await expect(request).toContainText("Statutes v1");
  await expect(request).toContainText("direct-debit mandate agreed");
  await expectAccessible(page);
  await request.getByLabel("Member reference").fill(`J-${run}`);
  await request.getByLabel("Member from").fill("2026-11-01");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved" })).toContainText("the invitation e-mailed");

  // A day of meter data for the new member's point: four quarter hours of 0.25 kWh.
  await page.goto(`${communityUrl}/readings`);
  const rows = ["10:00", "10:15", "10:30", "10:45"].map((t) => `${code},consumption,${DAY}T${t}:00Z,0.25`);
  await page.getByLabel("Meter data file").setInputFiles({ name: "join.csv", mimeType: "text/csv", buffer: Buffer.from(`metering_point,direction,start,kwh\n${rows.join("\n")}\n`) });
  await expect(page.getByTestId("import-preview")).toContainText("4 readings to import");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText("Imported 4 readings");
});

test.describe("on a phone, as the new resident", () => {
  test.use(PHONE);

  test("the invitation e-mail leads to a password, the day view, a device token and an API that answers with only their data", async ({ page, browser, request }) => {
    // Another member's id, from their own page (their download link names it).
    const other = await browser.newContext(PHONE);
    const otherPage = await other.newPage();
    await signIn(otherPage, "neighbour@solaria.example");
    const href = await otherPage.getByRole("link", { name: "Everything, as JSON" }).getAttribute("href");
    const neighbourId = new URL(href!, "http://x").searchParams.get("memberId")!;
    await other.close();

    const mail = await waitForMail(email, /\/invite\//);
    expect(mail.subject).toBe(`Welcome to ${community}`);
    await page.goto(new URL(linkIn(mail.text, /\/invite\//)).pathname);
    await page.getByLabel("Your name").fill("Livia Campo");
    await page.getByLabel("Choose a password").fill("green meadows 2026");
    await page.getByLabel("Repeat the password").fill("green meadows 2026");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByTestId("my-metering-points")).toContainText(code);

    const dayView = page.getByTestId("day-view");
    await expect(dayView.getByTestId("day-totals")).toContainText("From the community");
    await expect(dayView.getByLabel("Day", { exact: true })).toHaveValue(DAY);
    expect(await sideways(page)).toEqual([]);

    const devices = page.getByTestId("devices");
    await devices.getByLabel("Device name").fill("Wall display");
    await devices.getByRole("button", { name: "Create token" }).click();
    const token = (await devices.getByTestId("new-device-token").textContent())!.trim();
    const ownId = (await devices.getByText(/^Your member id: /).textContent())!.replace("Your member id: ", "").trim();
    expect(ownId).not.toBe(neighbourId);

    const auth = { Authorization: `Bearer ${token}` };
    const readings = await request.get(`/api/v1/me/readings?day=${DAY}`, { headers: auth });
    expect(readings.status()).toBe(200);
    const text = await readings.text();
    const body = JSON.parse(text);
    // 4 quarter hours × 0.25 kWh = 250 000 mWh each, all of them this member's.
    expect([body.memberId, body.day, body.intervals.length, body.intervals.map((i: { consumptionMWh: string }) => i.consumptionMWh)]).toEqual([ownId, DAY, 4, ["250000", "250000", "250000", "250000"]]);
    expect(text).not.toContain(neighbourId);
    const theirs = await request.get(`/api/v1/me/readings?day=${DAY}&memberId=${neighbourId}`, { headers: auth });
    expect(theirs.status()).toBe(404);
    expect((await theirs.json()).code).toBe("NOT_FOUND");
  });
});
