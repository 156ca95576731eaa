// Every page of the app at phone size (no sideways page scrolling at 360 and 390 px) and axe-clean at
// 390 px and on a desktop (1280 px), each seen as the user it is for. The list below must name every
// page.tsx under app/: a new page that is not listed fails the first test, so it cannot be forgotten.
// The demo data are only read here (no form is sent).
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { axeViolations, signIn } from "./helpers";

type Who = "public" | "resident" | "municipality" | "esco" | "platform";
const EMAIL: Record<Exclude<Who, "public">, string> = {
  resident: "resident@solaria.example",
  municipality: "admin@solaria.example",
  esco: "operator@helios.example",
  platform: "admin@dajie.example",
};

/** Ids of the demo data that addresses need. */
const { Client } = pg;
type Ids = { communityId: string; orgId: string; memberId: string; runId: string };
type Visit = { route: string; who: Who; path: (ids: Ids) => string; title: string };

const v = (route: string, who: Who, path: string | ((ids: Ids) => string) = route): Visit => ({
  route,
  who,
  path: typeof path === "string" ? () => path : path,
  title: `${typeof path === "string" && path !== route ? `${route} (${path})` : route} as ${who}`,
});
const community = (ids: Ids) => `/console/communities/${ids.communityId}`;

const VISITS: Visit[] = [
  v("/", "public"),
  v("/sign-in", "public"),
  // /home sends a user to their landing page; its own text is only for an account without any role.
  v("/home", "resident"),
  v("/developers/api", "public"),
  v("/invite/[token]", "public", "/invite/not-a-real-invitation-token"),
  v("/reset/[token]", "public", "/reset/not-a-real-reset-token"),
  v("/c/[slug]", "public", "/c/solaria"),
  v("/c/[slug]", "public", "/c/borgo-mercato?view=month"),
  v("/c/[slug]/ledger", "public", "/c/solaria/ledger"),
  v("/c/[slug]/checkpoints", "public", "/c/solaria/checkpoints"),
  v("/c/[slug]/join", "public", "/c/solaria/join"),
  // An unknown token: the page that asks to press the button shows, and changes nothing until pressed.
  v("/c/[slug]/join/confirm/[token]", "public", "/c/solaria/join/confirm/not-a-real-confirmation-token"),
  v("/forgot-password", "public"),
  v("/me", "resident"),
  v("/console", "municipality"),
  v("/console", "esco"),
  v("/console/admin", "platform"),
  v("/console/communities/new", "municipality"),
  v("/console/orgs/[orgId]", "municipality", (ids) => `/console/orgs/${ids.orgId}`),
  v("/console/orgs/[orgId]/audit", "municipality", (ids) => `/console/orgs/${ids.orgId}/audit`),
  v("/console/communities/[communityId]", "municipality", community),
  v("/console/communities/[communityId]", "esco", community),
  v("/console/communities/[communityId]/invitations", "municipality", (ids) => `${community(ids)}/invitations`),
  v("/console/communities/[communityId]/emails", "municipality", (ids) => `${community(ids)}/emails`),
  v("/console/communities/[communityId]/join-requests", "municipality", (ids) => `${community(ids)}/join-requests`),
  v("/console/communities/[communityId]/ledger", "municipality", (ids) => `${community(ids)}/ledger`),
  v("/console/communities/[communityId]/members/[memberId]", "municipality", (ids) => `${community(ids)}/members/${ids.memberId}`),
  v("/console/communities/[communityId]/metering-points", "municipality", (ids) => `${community(ids)}/metering-points`),
  v("/console/communities/[communityId]/readings", "municipality", (ids) => `${community(ids)}/readings`),
  v("/console/communities/[communityId]/readings", "esco", (ids) => `${community(ids)}/readings`),
  v("/console/communities/[communityId]/settings", "municipality", (ids) => `${community(ids)}/settings`),
  v("/console/communities/[communityId]/settlement", "municipality", (ids) => `${community(ids)}/settlement`),
  v("/console/communities/[communityId]/settlement/runs/[runId]", "municipality", (ids) => `${community(ids)}/settlement/runs/${ids.runId}`),
];

/** Every page route of the app: each page.tsx under app/, as the address pattern Next gives it. */
const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));
function pageRoutes(dir = APP_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pageRoutes(full));
    else if (entry.name === "page.tsx" || entry.name === "page.ts") {
      const segments = relative(APP_DIR, dir)
        .split(sep)
        .filter((s) => s !== "" && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
      out.push(`/${segments.join("/")}`);
    }
  }
  return out.sort();
}

test("the sweep lists every page of the app, and only pages that exist", () => {
  const routes = pageRoutes();
  const listed = [...new Set(VISITS.map((x) => x.route))].sort();
  expect(routes.filter((r) => !listed.includes(r)), "pages without a visit in e2e/every-page.spec.ts").toEqual([]);
  expect(listed.filter((r) => !routes.includes(r)), "visits of pages that no longer exist").toEqual([]);
});

const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];
const DESKTOP = { width: 1280, height: 800 };

/** The elements that stick out to the right of the window, outside any box that scrolls or clips them. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : "";
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 4).join(".")}` : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}" right=${Math.round(el.getBoundingClientRect().right)}`;
    };
    // Whether a box that scrolls or clips holds the element in. An absolutely positioned element (a
    // screen-reader-only text) is held only by its containing block and the boxes around that: it
    // escapes a scrolling box that is not positioned, and then widens the page.
    const outOfFlow = (position: string) => position === "absolute" || position === "fixed";
    const clipped = (el: Element) => {
      let escapes = outOfFlow(getComputedStyle(el).position);
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (escapes && cs.position === "static") continue;
        if (cs.overflowX !== "visible") return true;
        escapes = outOfFlow(cs.position);
      }
      return false;
    };
    const out: Element[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || clipped(el)) continue;
      // The outermost element that sticks out names the component; its parent still fits.
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5 && !clipped(parent)) continue;
      out.push(el);
    }
    // Text that runs past its own box (a long id without a break) sticks out without its box doing so.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const texts: string[] = [];
    for (let n = walker.nextNode(); n && texts.length < 4; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim() || parent.getBoundingClientRect().right > width + 0.5 || getComputedStyle(parent).overflowX !== "visible" || clipped(parent)) continue;
      range.selectNodeContents(n);
      if (range.getBoundingClientRect().right > width + 0.5) texts.push(`text in ${name(parent)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders: [...out.slice(0, 8).map(name), ...texts] };
  });
}

/** Open the page and wait until its data has arrived (no request in flight, no pulsing loading dot left). */
async function open(page: Page, path: string) {
  await page.goto(path);
  // Next prefetches every link in view; on the municipality's console home (a dozen links to
  // community pages rendered per request) that kept the network busy past the test's minute. The
  // page's own data is awaited below through its loading notices.
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => undefined);
  // The resident's page asks about ten queries at once; on the shared 2-core test machine they can take
  // longer than the default 10 s to arrive.
  await expect(page.locator(".animate-pulse")).toHaveCount(0, { timeout: 20_000 });
}

const sessions = new Map<Who, Awaited<ReturnType<BrowserContext["storageState"]>>>();
async function pageAs(browser: Browser, who: Who): Promise<Page> {
  if (who !== "public" && !sessions.has(who)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, EMAIL[who]);
    sessions.set(who, await context.storageState());
    await context.close();
  }
  const context = await browser.newContext(who === "public" ? {} : { storageState: sessions.get(who) });
  return context.newPage();
}

let ids: Ids | null = null;
/** The demo community's ids, read (only read) from the seeded database: clicking through the console
 *  to find them took over a minute on the loaded test machine. */
async function demoIds(): Promise<Ids> {
  if (ids) return ids;
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[]) => String((await client.query<{ id: string }>(sql, params)).rows[0]?.id ?? "");
    const communityId = await one("SELECT id FROM community WHERE slug = $1", ["solaria"]);
    const orgId = await one("SELECT municipality_id AS id FROM community WHERE id = $1", [communityId]);
    const memberId = await one("SELECT id FROM member WHERE community_id = $1 AND reference = $2", [communityId, "SOL-001"]);
    const runId = await one("SELECT id FROM settlement_run WHERE community_id = $1 ORDER BY created_at DESC LIMIT 1", [communityId]);
    ids = { communityId, orgId, memberId, runId };
  } finally {
    await client.end();
  }
  for (const [k, value] of Object.entries(ids)) expect(value, `demo ${k}`).not.toBe("");
  return ids;
}

const needsIds = (visit: Visit) => visit.route.includes("[") && visit.route.startsWith("/console");

function sweep(visit: Visit) {
  for (const size of [...PHONES, DESKTOP]) {
    const checks = [size !== DESKTOP ? "no sideways scrolling" : "", size !== PHONES[0] ? "axe-clean" : ""].filter(Boolean).join(", ");
    test(`${visit.title} at ${size.width} px: ${checks}`, async ({ browser }) => {
      const path = visit.path(needsIds(visit) ? ids! : ({} as Ids));
      const page = await pageAs(browser, visit.who);
      await page.setViewportSize(size);
      await open(page, path);
      if (size !== DESKTOP) {
        const o = await overflow(page);
        expect.soft(o.offenders, `${path} at ${size.width} px: page ${o.scrollWidth} px wide for a ${o.innerWidth} px window; sticking out`).toEqual([]);
        expect.soft(o.scrollWidth, `${path} at ${size.width} px: document scroll width`).toBeLessThanOrEqual(o.innerWidth);
      }
      if (size !== PHONES[0]) expect.soft(await axeViolations(page), `${path}: axe at ${size.width} px`).toEqual([]);
      await page.context().close();
    });
  }
}

// One test per page and size, each a single page load, so that a slow page stays within its own time.
for (const visit of VISITS.filter((x) => !needsIds(x))) sweep(visit);

test.describe("console pages of the demo community", () => {
  // The ids in their addresses are read once per worker.
  test.beforeAll(async () => {
    await demoIds();
  });
  for (const visit of VISITS.filter(needsIds)) sweep(visit);
});
