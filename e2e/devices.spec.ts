// A resident's own data on a phone-sized screen (seeded demo): SOL-001 opens the day view (the chosen
// day's quarter hours: from the community vs the grid, to neighbours vs the grid, chart and table),
// creates a device token, and the device API answers with their data only: the neighbour's member
// id → 404, no token → 401, and after revoking it → 401.
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test.describe("on a phone", () => {
  test.use(PHONE);

  test("a resident opens the day view, creates a device token, and the API answers with only their data (the neighbour's id → 404)", async ({ page, browser, request }) => {
    // The neighbour's member id, from their own page (their download link names it).
    const other = await browser.newContext(PHONE);
    const otherPage = await other.newPage();
    await signIn(otherPage, "neighbour@solaria.example");
    const href = await otherPage.getByRole("link", { name: "Everything, as JSON" }).getAttribute("href");
    const neighbourId = new URL(href!, "http://x").searchParams.get("memberId")!;
    await other.close();

    await signIn(page, "resident@solaria.example");
    await expect(page).toHaveURL(/\/me$/);
    const dayView = page.getByTestId("day-view");
    await expect(dayView.getByTestId("day-totals")).toContainText("From the community");
    // The latest day with readings: 92, 96 or 100 quarter hours, each a row (+ the header row).
    const rows = await page.getByTestId("day-table").getByRole("row").count();
    expect([93, 97, 101]).toContain(rows);
    await expect(page.getByTestId("day-table").getByRole("columnheader", { name: "To neighbours" })).toBeVisible();
    const day = await dayView.getByLabel("Day", { exact: true }).inputValue();
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Phone-sized: the page itself does not scroll sideways (the table scrolls in its own region).
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectAccessible(page);

    const devices = page.getByTestId("devices");
    await devices.getByLabel("Device name").fill("Home Assistant");
    await devices.getByRole("button", { name: "Create token" }).click();
    const token = (await devices.getByTestId("new-device-token").textContent())!.trim();
    expect(token).toMatch(/^djd_[A-Za-z0-9_-]{43}$/);
    const ownId = (await devices.getByText(/^Your member id: /).textContent())!.replace("Your member id: ", "").trim();
    expect(ownId).not.toBe(neighbourId);

    const auth = { Authorization: `Bearer ${token}` };
    const latest = await request.get("/api/v1/me/latest-day", { headers: auth });
    expect(latest.status()).toBe(200);
    expect(latest.headers()["cache-control"]).toBe("no-store");
    const latestBody = await latest.json();
    expect([latestBody.memberId, latestBody.day]).toEqual([ownId, day]);

    const shared = await request.get(`/api/v1/me/shared?day=${day}`, { headers: auth });
    expect(shared.status()).toBe(200);
    const sharedText = await shared.text();
    expect(JSON.parse(sharedText).intervals).toHaveLength(rows - 1);
    expect(sharedText).not.toContain(neighbourId);

    for (const path of ["readings", "shared", "credits", "latest-day"]) {
      const theirs = await request.get(`/api/v1/me/${path}?memberId=${neighbourId}`, { headers: auth });
      expect(theirs.status(), path).toBe(404);
      expect((await theirs.json()).code).toBe("NOT_FOUND");
    }
    expect((await request.get("/api/v1/me/credits")).status()).toBe(401);

    await devices.getByRole("button", { name: "Revoke" }).first().click();
    await expect(devices.getByText(/· revoked /)).toBeVisible();
    expect((await request.get("/api/v1/me/latest-day", { headers: auth })).status()).toBe(401);
  });
});
