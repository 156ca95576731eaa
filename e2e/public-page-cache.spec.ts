// The anonymous public pages come from a rendered copy (proxy.ts, docs/adr/0012): each answer has a
// fresh nonce that matches its CSP header (so the page's scripts run: the charts draw), a weak ETag
// answered 304, a short public Cache-Control; a signed-in visitor's page is rendered for them and not
// stored; another language gets its own copy. (A finalize showing on the next request: market.spec.ts.)
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
const bodyNonces = (html: string) => new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));

test("two anonymous answers of /c/solaria: each page's nonces are its own CSP header's, and differ; 304 on the ETag", async ({ request }) => {
  const answers = [await request.get("/c/solaria"), await request.get("/c/solaria")];
  const nonces = [];
  for (const a of answers) {
    expect(a.status()).toBe(200);
    const nonce = nonceOf(a.headers()["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect([...bodyNonces(await a.text())]).toEqual([nonce]);
    expect(a.headers()["cache-control"]).toBe("public, max-age=0, s-maxage=5, stale-while-revalidate=30");
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
  const etag = answers[1]!.headers()["etag"]!;
  expect(etag).toMatch(/^W\/"/);
  const revalidated = await request.get("/c/solaria", { headers: { "If-None-Match": etag } });
  expect(revalidated.status()).toBe(304);
  expect(revalidated.headers()["content-security-policy"]).toBeUndefined();
});

test("the page served from the copy runs its scripts under its CSP: no violation, the charts draw", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/c/solaria"); // warm the copy
  const response = await page.goto("/c/solaria");
  expect(response!.headers()["etag"]).toBeTruthy();
  await expect(page.getByRole("img", { name: /Chart of production, shared energy/ }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("a signed-in resident's public page is rendered for them: no ETag, not public, not stored", async ({ page }) => {
  await signIn(page, "resident@solaria.example");
  const response = await page.goto("/c/solaria");
  expect(response!.status()).toBe(200);
  expect(response!.headers()["etag"]).toBeUndefined();
  expect(response!.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByTestId("signed-in-as")).toHaveText("resident@solaria.example");
});

test("Accept-Language: German gets the German page and English the English one, each from its own copy", async ({ request }) => {
  for (let i = 0; i < 2; i++) {
    const de = await request.get("/c/solaria", { headers: { "Accept-Language": "de-DE,de;q=0.9" } });
    expect(await de.text()).toContain('<html lang="de"');
    const en = await request.get("/c/solaria", { headers: { "Accept-Language": "en-GB" } });
    expect(await en.text()).toContain('<html lang="en"');
    expect(de.headers()["etag"]).not.toBe(en.headers()["etag"]);
  }
  const home = await request.get("/", { headers: { "Accept-Language": "it" } });
  expect(await home.text()).toContain('<html lang="it"');
});
