// Languages: the public and resident pages follow the browser's language (Accept-Language) until
// the visitor picks one in the header's switcher; the choice keeps the page and persists (a cookie).
// The console follows the same choice. Numbers are formatted for the language.
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

// Italian groups thousands with "." (CLDR: from 5 digits for plain numbers and money), decimals after ",".
const ITALIAN_KWH = /^(\d{1,4}|\d{1,3}(\.\d{3})+),\d kWh$/;
const ITALIAN_EUR = /^(\d{1,4}|\d{1,3}(\.\d{3})+),\d{2}\s€$/;
const GERMAN_KWH = /^\d{1,3}(\.\d{3})*,\d kWh$/;

test.describe("a visitor whose browser says Italian", () => {
  test.use({ locale: "it-IT" });

  test("reads the ledger's anchors and the signed checkpoint feed in Italian", async ({ page }) => {
    await page.goto("/c/solaria/ledger");
    await expect(page.getByRole("heading", { name: "Ancoraggi fuori da Dajie" })).toBeVisible();
    await expect(page.getByTestId("anchor-feed").first()).toContainText("Feed firmato (Ed25519)");
    await expect(page.getByTestId("anchor-feed").first()).toContainText("Ancorato");
    await page.getByRole("link", { name: "Il feed firmato dei checkpoint" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Checkpoint firmati di Solaria Energy Community" })).toBeVisible();
    await expect(page.getByTestId("feed-table").getByRole("columnheader", { name: "Coerente con" })).toBeVisible();
    await expect(page.getByTestId("feed-table")).toContainText("primo checkpoint");
    await expectAccessible(page);
  });

  test("sees the demo community in Italian with Italian numbers, switches to German, and German stays after a reload", async ({ page }) => {
    await page.goto("/c/solaria");
    await expect(page.locator("html")).toHaveAttribute("lang", "it");
    await expect(page.getByRole("heading", { level: 1, name: "Solaria Energy Community" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "L’energia nel tempo" })).toBeVisible();
    await expect(page.getByTestId("privacy-rule")).toContainText("almeno 5 membri");
    await expect(page.getByTestId("total-production").locator("dd")).toHaveText(ITALIAN_KWH);
    await expect(page.getByTestId("total-shared").locator("dd")).toHaveText(ITALIAN_KWH);
    await expect(page.getByTestId("total-credit").locator("dd")).toHaveText(ITALIAN_EUR);
    await expect(page.getByTestId("total-self-sufficiency").locator("dd")).toHaveText(/^\d{1,3},\d %$/);
    await expect(page.getByTestId("member-counts")).toContainText("Tutti i membri40");
    await expect(page.getByTestId("member-counts")).toContainText("Consumatori20");
    await expect(page.getByTestId("energy-table").getByRole("columnheader").first()).toHaveText("Giorno");
    const chart = page.getByRole("img", { name: /^Grafico di produzione, energia condivisa/ });
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    // The tooltip shows the table's exact text, Italian-formatted, with the series' Italian names.
    await chart.locator(".recharts-bar-rectangle").first().hover();
    await expect(chart.locator(".recharts-tooltip-wrapper")).toContainText("Produzione (kWh)");
    await expect(chart.locator(".recharts-tooltip-wrapper")).toContainText(/\(kWh\)\s*:\s*(\d{1,4}|\d{1,3}(\.\d{3})+),\d kWh/);
    await page.mouse.move(0, 0);
    await expect(page.getByRole("button", { name: "Italiano" })).toHaveAttribute("aria-pressed", "true");
    await expectAccessible(page);

    // The switcher: the same page, now in German.
    await page.getByRole("link", { name: "Mesi" }).click();
    await expect(page).toHaveURL(/\/c\/solaria\?view=month$/);
    await page.getByRole("button", { name: "Deutsch" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page).toHaveURL(/\/c\/solaria\?view=month$/);
    await expect(page.getByRole("heading", { level: 2, name: "Energie im Zeitverlauf" })).toBeVisible();
    await expect(page.getByTestId("energy-table").getByRole("columnheader").first()).toHaveText("Monat");
    await expect(page.getByTestId("total-production").locator("dd")).toHaveText(GERMAN_KWH);
    await expect(page.getByRole("button", { name: "Deutsch" })).toHaveAttribute("aria-pressed", "true");
    // The switch re-renders the page on the server; its <title> arrives with the streamed head, after the body.
    await expect(page).toHaveTitle(/Solaria/);
    await expectAccessible(page);

    // Persists, over the browser's Italian: a reload and another page.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 2, name: "Energie im Zeitverlauf" })).toBeVisible();
    await page.goto("/c/solaria/ledger");
    await expect(page.getByRole("heading", { level: 1, name: "Das Journal von Solaria Energy Community" })).toBeVisible();
    await page.goto("/c/borgo-piccolo");
    await expect(page.getByTestId("total-production").getByTestId("hidden-figure")).toHaveText("verborgen");
    await expect(page.getByTestId("hidden-notice")).toContainText("weniger als 5 Mitglieder");
  });

  test("hidden figures give their reason in Italian; the sign-in page and the console are Italian", async ({ page }) => {
    await page.goto("/c/borgo-piccolo");
    // The reason once, in the page's notice; the cells say "nascosto" (was: the reason in every cell).
    await expect(page.getByTestId("hidden-notice")).toContainText("meno di 5 membri");
    await expect(page.getByTestId("energy-table").getByTestId("hidden-figure").first()).toHaveText("nascosto");

    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1, name: "Accedi" })).toBeVisible();
    await page.getByLabel("E-mail").fill("operator@solaria.example");
    await page.getByLabel("Password").fill("dajie-demo-2026");
    await page.getByRole("button", { name: "Accedi", exact: true }).click();
    await expect(page).toHaveURL(/\/console/);
    // The console follows the browser's language too: <html lang="it">, Italian header and the switcher.
    await expect(page.locator("html")).toHaveAttribute("lang", "it");
    await expect(page.getByRole("button", { name: "Esci" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Italiano" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("heading", { level: 2, name: "Comunità" })).toBeVisible();
    // Back on a public page (client-side, from the console's link): Italian again, around the page too.
    await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
    await page.getByTestId("public-page-link").click();
    await expect(page).toHaveURL(/\/c\/solaria$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "it");
    await expect(page.getByRole("button", { name: "Esci" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "L’energia nel tempo" })).toBeVisible();
  });
});

test("a resident switches their page to Italian: it keeps the page, persists, and the PDF statement follows", async ({ page }) => {
  await signIn(page, "resident@solaria.example");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "My energy" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1, name: "La mia energia" })).toBeVisible();
  await expect(page.getByTestId("energy-table").getByRole("columnheader").first()).toHaveText("Giorno");
  await expect(page.getByTestId("energy-table").getByRole("row").nth(1)).toContainText(/\d,\d{3} kWh/);
  await page.getByText("Come è stato calcolato").first().click();
  await expect(page.getByTestId("calculation").first()).toContainText(/Prezzo della comunità: 0,11\s€ per kWh\./);
  await expect(page.getByTestId("my-balance")).toContainText("€");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Verifica il mio credito" }).click();
  await expect(page.getByTestId("verification-result")).toContainText(/^Verificato: tutte le \d+ voci del tuo conto crediti sono nel registro pubblicato\.Firmato dalla comunità, controfirmato da 2 testimoni su 2: comune-di-borgo, helios-esco\.$/);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "La mia energia" })).toBeVisible();

  // The statement is in the resident's language (the PDF's catalogue names it: /Lang (it)).
  const href = (await page.getByRole("link", { name: /^Rendiconto per .* \(PDF\)$/ }).first().getAttribute("href"))!;
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).toString("latin1")).toContain("/Lang (it)");
});
