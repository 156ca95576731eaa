// The ESCO serving the demo community downloads a final run's billing export.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { checkPain } from "../server/billing/sepa-check";
import { officialProblems } from "../server/test/official-validators";
import { expectAccessible, signIn } from "./helpers";

/** The official XSD (and, for UBL, the EN 16931 rules) on a downloaded file; noted, not run, without them (CI fails). */
async function expectOfficiallyValid(name: string, xml: string) {
  const { problems, skipped } = await officialProblems([{ name, xml }]);
  if (skipped) test.info().annotations.push({ type: "official validation skipped", description: skipped });
  expect(problems).toEqual([]);
}

test("the ESCO operator downloads the CSV and one member's invoice of a final run; every line carries the run's checkpoint root, the invoice its seller, buyer and the member's total", async ({ page }) => {
  test.setTimeout(120_000); // issues 40 invoices, downloads three files and runs the official validators on them (xmllint-wasm and a Saxon JVM)
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await page.getByTestId("runs").getByRole("link").first().click();
  const root = (await page.getByTestId("checkpoint-root").textContent())!.trim();
  expect(root).toMatch(/^[0-9a-f]{64}$/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dajie-solaria-\d{4}-\d{2}-\d{2}-v\d+\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  expect(header!.split(",")).toContain("ledger_entry_hash");
  expect(rows.length).toBeGreaterThan(20); // one line per member posting
  expect(rows.every((r) => r.endsWith(root))).toBe(true);
  expect(rows.some((r) => r.startsWith("SOL-0"))).toBe(true);

  // The invoice of member SOL-001 (a prosumer): UBL 2.1, naming the run's checkpoint root, the seller
  // (Helios, the ESCO serving Solaria), the buyer, and as amount due the member's gross in the CSV.
  const columns = header!.split(",");
  const own = rows.map((r) => r.split(",")).filter((r) => r[0] === "SOL-001");
  expect(own.length).toBeGreaterThan(0);
  const cents = (s: string) => BigInt(s.replace(".", ""));
  const gross = own.reduce((sum, r) => sum + cents(r[columns.indexOf("gross_eur")]!), 0n);
  // Issued once (numbered without gaps), then downloadable per member.
  // A confirmation names how many documents get final numbers; Cancel issues nothing.
  await page.getByRole("button", { name: "Issue invoices…" }).click();
  const dialog = page.getByRole("dialog", { name: "Issue the invoices of this run?" });
  await expect(dialog.getByTestId("confirm-consequence")).toContainText("40 documents (one invoice or credit note per member) will be issued and numbered in sequence. The numbers are final");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("invoices")).toHaveCount(0);
  await page.getByRole("button", { name: "Issue invoices…" }).click();
  await dialog.getByRole("button", { name: "Issue 40 documents" }).click();
  await expect(page.getByTestId("invoices").getByRole("row")).toHaveCount(41); // header + one per member
  await expect(page.getByTestId("invoices-issued-by")).toContainText("operator@helios.example"); // who issued them
  const [invoice] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^XML of invoice \S+ of SOL-001$/ }).click()]);
  expect(invoice.suggestedFilename()).toMatch(/^(invoice|credit-note)-\d{4}-\d{6}\.xml$/);
  const xml = await readFile((await invoice.path())!, "utf8");
  const credit = xml.includes("<CreditNote ");
  expect(xml).toMatch(credit ? /<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/ : /<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
  expect(xml).toContain("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>");
  expect(xml).toContain(`root ${root}.`);
  for (const r of own.filter((r) => r[columns.indexOf("ledger_entry_hash")])) expect(xml).toContain(`hash ${r[columns.indexOf("ledger_entry_hash")]}`);
  const party = (tag: string) => new RegExp(`<cac:${tag}>[\\s\\S]*?<cbc:RegistrationName>([^<]+)</cbc:RegistrationName>`).exec(xml)?.[1];
  expect(party("AccountingSupplierParty")).toBe("Helios Energy Services S.r.l.");
  expect(party("AccountingCustomerParty")).toBe("Anna Rossi");
  expect(xml).toContain("<cbc:BuyerReference>SOL-001</cbc:BuyerReference>");
  const payable = cents(/<cbc:PayableAmount currencyID="EUR">(-?[\d.]+)<\/cbc:PayableAmount>/.exec(xml)![1]!);
  expect(credit ? -payable : payable).toBe(gross);
  await expectOfficiallyValid(invoice.suggestedFilename(), xml);
});

test("the export and the invoices are refused to anonymous visitors (401) and to another municipality (404)", async ({ page, browser }) => {
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await page.getByTestId("runs").getByRole("link").first().click();
  const href = (await page.getByRole("link", { name: "Download JSON" }).getAttribute("href"))!;
  expect((await page.request.get(href)).status()).toBe(200);

  const baseURL = new URL(page.url()).origin;
  const invoices = href.replace("format=json", "format=ubl");
  const anonymous = await browser.newContext({ baseURL });
  expect((await anonymous.request.get(href)).status()).toBe(401);
  expect((await anonymous.request.get(invoices)).status()).toBe(401);
  await anonymous.close();

  const otherContext = await browser.newContext({ baseURL });
  const other = await otherContext.newPage();
  await signIn(other, "admin@sonnenfeld.example");
  expect((await other.request.get(href)).status()).toBe(404);
  expect((await other.request.get(`${invoices}&member=SOL-001`)).status()).toBe(404);
  await otherContext.close();
});

test("the ESCO downloads the run's pain.008: NbOfTxs and CtrlSum equal its transactions and the CSV's gross amounts of the members collected", async ({ page }) => {
  await signIn(page, "operator@helios.example");
  await page.getByRole("link", { name: /Solaria Energy Community/ }).click();
  await page.getByRole("link", { name: "Settlement", exact: true }).click();
  await page.getByTestId("runs").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "SEPA payment files and statements" })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download direct debits (pain.008)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dajie-solaria-\d{4}-\d{2}-\d{2}-v\d+-pain\.008\.xml$/);
  const xml = await readFile((await download.path())!, "utf8");
  expect(checkPain(xml, "pain.008")).toEqual([]);
  await expectOfficiallyValid(download.suggestedFilename(), xml);
  const nbOfTxs = Number(/<GrpHdr>[\s\S]*?<NbOfTxs>(\d+)<\/NbOfTxs>/.exec(xml)![1]);
  const ctrlSum = /<GrpHdr>[\s\S]*?<CtrlSum>([\d.]+)<\/CtrlSum>/.exec(xml)![1]!;
  const amounts = [...xml.matchAll(/<InstdAmt Ccy="EUR">([\d.]+)<\/InstdAmt>/g)].map((m) => BigInt(m[1]!.replace(".", "")));
  expect(nbOfTxs).toBeGreaterThan(0);
  expect(amounts).toHaveLength(nbOfTxs);
  expect(BigInt(ctrlSum.replace(".", ""))).toBe(amounts.reduce((a, b) => a + b, 0n));

  // The same run's CSV: Σ gross of the members in the file (by their mandate's reference) = CtrlSum.
  const href = (await page.getByRole("link", { name: "Download CSV" }).getAttribute("href"))!;
  const csv = await (await page.request.get(href)).text();
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  const col = header!.split(",");
  const gross = new Map<string, bigint>();
  for (const r of rows.map((x) => x.split(","))) {
    const ref = r[col.indexOf("member_reference")]!;
    gross.set(ref, (gross.get(ref) ?? 0n) + BigInt(r[col.indexOf("gross_eur")]!.replace(".", "")));
  }
  const collected = [...xml.matchAll(/<MndtId>SOL-MND-(\d{3})<\/MndtId>/g)].map((m) => `SOL-${m[1]}`);
  expect(collected).toHaveLength(nbOfTxs);
  expect(collected.reduce((s, ref) => s + gross.get(ref)!, 0n)).toBe(BigInt(ctrlSum.replace(".", "")));
  // Produced again: the same bytes.
  const again = await page.request.get(download.url());
  expect(await again.text()).toBe(xml);
});

test("the resident sees their own IBAN masked and their mandate, read only", async ({ page }) => {
  await signIn(page, "resident@solaria.example");
  await page.goto("/me");
  const bank = page.getByTestId("my-bank");
  await expect(bank).toContainText("SOL-MND-001");
  await expect(bank.getByTestId("my-mandate-scheme")).toHaveText("SEPA Core direct debit");
  await expect(bank).toContainText("•");
  await expect(bank.getByRole("textbox")).toHaveCount(0);
});
