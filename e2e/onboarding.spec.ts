// The foundation's vertical slice: a municipal administrator sets up a community, its members and
// metering points, invites a resident, and the resident sees only their own page.
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, uniqueSuffix } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = uniqueSuffix();
const slug = `e2e-${run}`;
const pod = (n: number) => `IT001E${run.toUpperCase()}${n}`;
let communityUrl = "";
let inviteLink = "";

test("an administrator signs in and creates a community", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await expect(page).toHaveURL(/\/console$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "New community" }).click();
  await page.getByLabel("Name").fill(`Borgo Sole ${run}`);
  await page.getByLabel("Public address").fill(slug);
  await page.getByLabel("Time zone").selectOption("Europe/Rome");
  await page.getByLabel("Community price (EUR per kWh of shared energy)").fill("0.12");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create community" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Borgo Sole ${run}` })).toBeVisible();
  await expect(page.getByText("0 members")).toBeVisible();
  communityUrl = new URL(page.url()).pathname;
});

test("a member list with one bad line imports nothing and names the line; the corrected list imports", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  const header = "reference,kind,joined_on,name,email,address,metering_point,direction,capacity_kw";
  const good = [
    header,
    `A-1,prosumer,2026-01-01,Anna Lupo,anna.${run}@example.org,Via Uno 1,${pod(1)},consumption,6`,
    `A-1,prosumer,2026-01-01,Anna Lupo,anna.${run}@example.org,Via Uno 1,${pod(1)},injection,4.5`,
    `A-2,consumer,2026-01-01,Bea Neri,bea.${run}@example.org,Via Due 2,${pod(2)},consumption,3`,
    `A-3,producer,2026-02-01,Carlo Sala,,,${pod(3)},injection,20`,
  ];
  const bad = [...good];
  bad[3] = `A-2,neighbour,2026-01-01,Bea Neri,bea.${run}@example.org,Via Due 2,${pod(2)},consumption,3`;
  const upload = page.getByLabel("Member list (CSV)");

  await upload.setInputFiles({ name: "members-bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad.join("\n")) });
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("The file was not imported: 1 problem. Nothing was changed.");
  await expect(alert.getByRole("listitem")).toHaveText(["line 4: kind: Use consumer, producer or prosumer."]);
  await expect(page.getByText("No members yet.")).toBeVisible();
  await expectAccessible(page);

  await upload.setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(good.join("\n")) });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported 3 members and 4 metering points from members.csv.");
  await expect(page.getByRole("heading", { name: "Members (3)" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Bea Neri" })).toBeVisible();
});

test("the administrator adds a metering point to a member", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByRole("link", { name: "A-2" }).click();
  await expect(page.getByRole("heading", { name: /Bea Neri/ })).toBeVisible();
  await page.getByLabel("Id (POD / PRM / Zählpunkt / EAN)").fill(pod(4));
  await page.getByLabel("Direction").selectOption("INJECTION");
  await page.getByLabel("Capacity (kW)").fill("3.5");
  await page.getByRole("button", { name: "Add metering point" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Metering point added." })).toBeVisible();
  await expect(page.getByRole("cell", { name: pod(4) })).toBeVisible();
  await expect(page.getByRole("cell", { name: "3.500 kW" })).toBeVisible();
  await expectAccessible(page);

  // The same id and direction for an overlapping period is refused with the reason.
  await page.getByLabel("Id (POD / PRM / Zählpunkt / EAN)").fill(pod(1));
  await page.getByLabel("Direction").selectOption("CONSUMPTION");
  await page.getByRole("button", { name: "Add metering point" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(`Metering point ${pod(1)} is already registered for an overlapping period.`);
});

test("the administrator invites a resident; the resident sets a password and sees only their own metering points", async ({ page, browser }) => {
  await signIn(page, "admin@solaria.example");
  await page.goto(communityUrl);
  await page.getByRole("link", { name: "A-2" }).click();
  await page.getByLabel("Resident's e-mail").fill(`bea.${run}@example.org`);
  await page.getByRole("button", { name: "Create invitation" }).click();
  inviteLink = await page.getByTestId("invitation-link").inputValue();
  expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const resident = await browser.newContext();
  const rp = await resident.newPage();
  await rp.goto(new URL(inviteLink).pathname);
  await expect(rp.getByRole("heading", { name: `Welcome to Borgo Sole ${run}` })).toBeVisible();
  await expectAccessible(rp);
  await rp.getByLabel("Your name").fill("Bea Neri");
  await rp.getByLabel("Choose a password").fill("too short");
  await rp.getByLabel("Repeat the password").fill("too short");
  await rp.getByRole("button", { name: "Create my account" }).click();
  await expect(rp.getByText("Use at least 12 characters.")).toBeVisible();
  await rp.getByLabel("Choose a password").fill("sunny rooftops 2026");
  await rp.getByLabel("Repeat the password").fill("sunny rooftops 2026");
  await rp.getByRole("button", { name: "Create my account" }).click();
  await expect(rp).toHaveURL(/\/me$/);
  await expect(rp.getByRole("heading", { name: "My energy" })).toBeVisible();
  const table = rp.getByTestId("my-metering-points");
  await expect(table.getByRole("listitem")).toHaveCount(2); // the member's 2 points
  await expect(table).toContainText(pod(2));
  await expect(table).toContainText(pod(4));
  await expect(table).not.toContainText(pod(1));
  await expect(table).not.toContainText(pod(3));
  await expectAccessible(rp);

  // The resident cannot open the console's view of the community.
  await rp.goto(communityUrl);
  await expect(rp.getByRole("heading", { name: "Community not available" })).toBeVisible();

  // The link works once.
  await rp.goto(new URL(inviteLink).pathname);
  await expect(rp.getByRole("heading", { name: "Invitation used" })).toBeVisible();
  await resident.close();

  // The invitation page follows the visitor's language: the same link in an Italian browser.
  const italian = await browser.newContext({ locale: "it-IT" });
  const ip = await italian.newPage();
  await ip.goto(new URL(inviteLink).pathname);
  await expect(ip.getByRole("heading", { name: "Invito già usato" })).toBeVisible();
  await expect(ip.getByText("Questo link non si può più usare.")).toBeVisible();
  await italian.close();
});

test("a user of another municipality cannot open the community", async ({ page }) => {
  await signIn(page, "admin@sonnenfeld.example");
  await page.goto(communityUrl);
  await expect(page.getByRole("heading", { name: "Community not available" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Community not found");
  await expect(page.getByText("Bea Neri")).toHaveCount(0);
  await page.goto("/console");
  await expect(page.getByRole("link", { name: new RegExp(`Borgo Sole ${run}`) })).toHaveCount(0);
});

test("every change above is in the municipality's audit log", async ({ page }) => {
  await signIn(page, "admin@solaria.example");
  await page.getByRole("link", { name: "Audit log" }).first().click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // The audit log reads in words (messages auditWords, through server/audit/audit-words.ts): community.create, member.import-csv,
  // metering-point.create, invitation.create, invitation.accept.
  // Each filtered by its event (the log is paged, and other tests write to this organization too).
  const entries = page.getByRole("list", { name: "Audit log entries, newest first" });
  for (const action of ["Community created", "Members imported", "Metering point added", "Invitation sent", "Invitation accepted"]) {
    await page.getByLabel("Event").selectOption({ label: action });
    await expect(entries.getByText(action).first()).toBeVisible();
  }
  await expectAccessible(page);

  // The same log in Italian: the words come from the catalogue; the object still names and links its member.
  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registro di audit" })).toBeVisible();
  await page.getByLabel("Evento").selectOption({ label: "Invito inviato" });
  const voci = page.getByRole("list", { name: "Voci del registro di audit, dalla più recente" });
  await expect(voci.getByText("Invito inviato").first()).toBeVisible();
  await expect(voci.getByRole("link", { name: "invito del membro A-2" }).first()).toBeVisible();
});
