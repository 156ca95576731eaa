// The console in the user's language: an administrator whose browser says Italian gets the console
// home, the settlement page and a final run in Italian, with Italian numbers ("3.920,8": grouped from
// four digits like five), dates ("4 dic 2026") and times with their zone ("14:00 CET"). Picking
// Deutsch in the header keeps the page, and the choice persists after a reload.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible } from "./helpers";

// kWh with three decimals in settlement tables; "." groups thousands from four digits on, "," decimals.
const ITALIAN_KWH_3 = /^(\d{1,3}(\.\d{3})*),\d{3} kWh$/;
const ITALIAN_EUR = /^−?(\d{1,3}(\.\d{3})*),\d{2}\s€$/;
const GERMAN_KWH_3 = /^(\d{1,3}(\.\d{3})*),\d{3} kWh$/;
// A date-time in Europe/Rome, Italian: "4 dic 2026, 14:00 CET" (CEST in summer).
const ITALIAN_TIME = /\d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2} CES?T/;

async function signInItalian(page: Page, email: string) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Accedi" })).toBeVisible();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

test.describe("an administrator whose browser says Italian", () => {
  test.use({ locale: "it-IT" });

  test("reads the console home, the settlement page and a run in Italian, switches to German, and German stays after a reload", async ({ page }) => {
    test.setTimeout(90_000); // four pages, each checked with axe, and a reload
    await signInItalian(page, "admin@solaria.example");
    await page.goto("/console");

    // The console home.
    await expect(page.locator("html")).toHaveAttribute("lang", "it");
    await expect(page.getByRole("button", { name: "Italiano" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("heading", { level: 1, name: "Console" })).toBeVisible();
    await expect(page.getByText("Comune di Solaria (amministratore)")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Da fare" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Comunità" })).toBeVisible();
    const card = page.getByRole("link", { name: /Solaria Energy Community/ });
    await expect(card).toContainText(/40 membri · \d+ punti di misura/);
    // The organization page says what it holds (it used to be labelled "Users").
    await expect(page.getByRole("link", { name: "Organizzazione: utenti, fatturazione, banca, token API" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Registro delle attività" })).toBeVisible();
    await expectAccessible(page);

    // The community's header and the settlement page.
    await card.click();
    await expect(page.getByRole("navigation", { name: "Sezioni della comunità" })).toBeVisible();
    await expect(page.getByText(/40 membri · \d+ punti di misura · intervalli di 15 minuti · Europe\/Rome/)).toBeVisible();
    await page.getByRole("link", { name: "Liquidazione", exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Periodi di liquidazione" })).toBeVisible();
    const periods = page.getByTestId("periods");
    await expect(periods.getByRole("columnheader", { name: "Periodo" })).toBeVisible();
    await expect(periods.getByRole("row").filter({ hasText: "Definitivo (v1)" }).first()).toBeVisible();
    await expect(periods).toContainText("liquidato; le sue voci sono nel registro");
    const runs = page.getByTestId("runs");
    await expect(page.getByRole("heading", { level: 2, name: "Liquidazioni definitive" })).toBeVisible();
    await expect(runs.getByRole("columnheader", { name: "Reso definitivo" })).toBeVisible();
    // Each run's time in the community's zone, named: "4 dic 2026, 14:00 CET".
    await expect(runs.getByRole("row").nth(1)).toContainText(ITALIAN_TIME);
    await expect(runs.getByRole("row").nth(1).getByRole("cell").nth(3)).toHaveText(ITALIAN_EUR);
    await expect(page.getByRole("heading", { name: "Anteprima di un altro intervallo" })).toBeVisible();
    await expectAccessible(page);

    // A final run.
    const label = (await runs.getByRole("row").nth(1).getByRole("rowheader").textContent())!;
    // Italian period labels: "2–8 nov 2026" (day, abbreviated month, year).
    expect(label).toMatch(/^\d{1,2}( [a-z]{3})?\s?–\s?\d{1,2} [a-z]{3} \d{4}$/);
    await runs.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Liquidazione: ${label}` })).toBeVisible();
    await expect(page.getByText(/^Resa definitiva il \d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2} CES?T da/)).toBeVisible();
    await expect(page.getByText("Voci del registro", { exact: true })).toBeVisible();
    await expect(page.getByTestId("checkpoint-size")).toHaveText(/^\d{1,3}(\.\d{3})*$/);
    // The demo community's rule, worded in the page: dynamic pro-rata at 0.11 € per kWh.
    await expect(page.getByText(/^Pro-quota dinamico, 0,11\s€ per kWh di energia condivisa$/)).toBeVisible();
    const totals = page.getByTestId("totals");
    // Each tile names its figure and says what it is: "Energia condivisa" over its hint.
    await expect(totals.locator("dt").nth(2)).toContainText("Energia condivisa");
    await expect(totals.locator("dt").first()).toContainText("Prelievo");
    await expect(totals.locator("dd").first()).toHaveText(ITALIAN_KWH_3);
    const results = page.getByTestId("member-results");
    await expect(results.getByRole("columnheader", { name: "Membro" })).toBeVisible();
    await expect(results.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText(ITALIAN_KWH_3);
    await expect(page.getByRole("link", { name: "Scarica CSV" })).toBeVisible();
    await expectAccessible(page);

    // German, on the same page; it stays after a reload (the choice is a cookie, like the resident's).
    await page.getByRole("button", { name: "Deutsch" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByText("Journalbuchungen", { exact: true })).toBeVisible();
    await expect(page.getByTestId("totals").locator("dd").first()).toHaveText(GERMAN_KWH_3);
    await expect(page.getByText(/^Abgeschlossen am \d{1,2}\. [A-Za-zä]+\.? \d{4}, \d{2}:\d{2} MES?Z von/)).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("button", { name: "Deutsch" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByText("Journalbuchungen", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "← Abrechnung" })).toBeVisible();
    await expectAccessible(page);
    await page.goto("/console");
    await expect(page.getByRole("heading", { level: 2, name: "Gemeinschaften" })).toBeVisible();
  });
});
