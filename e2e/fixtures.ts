// Every spec imports from here instead of `@playwright/test`, so suite-wide checks live in one place.
//
// Accessibility: every page a test's browser visits is checked with axe-core, in light and in dark mode, once the
// test has passed — no serious or critical violation may remain. The check revisits each page in the test's own
// context (same session) after the test, rather than while it runs, so it never races the test's clicks; each
// URL is checked once per worker. `E2E_AXE=0` turns it off.
import AxeBuilder from "@axe-core/playwright";
import { test as base, type BrowserContext, type Page } from "@playwright/test";

export * from "@playwright/test";

const AXE = process.env.E2E_AXE !== "0";
const SERIOUS = new Set(["serious", "critical"]);
const checked = new Set<string>();
const NO_MOTION = "*,*::before,*::after{transition:none!important;animation:none!important}";
/** In the page: a constructed style sheet (the CSP's nonce rule is for style elements, not these). */
function stopMotion(css: string) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The pages worth checking: same origin, HTML pages (not the API, files or protocol surfaces). */
function pageKey(raw: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  if (/^\/(api|_next|v1|v2|mlflow|ajax-api)(\/|$)/.test(url.pathname)) return null;
  if (/\/(resolve|raw)\//.test(url.pathname)) return null;
  url.hash = "";
  url.searchParams.sort();
  return url.pathname + url.search;
}

type Violation = { mode: string; path: string; id: string; impact: string; help: string; nodes: string[] };

async function audit(context: BrowserContext, paths: string[], baseURL: string): Promise<Violation[]> {
  const found: Violation[] = [];
  const page = await context.newPage();
  try {
    for (const path of paths) {
      await page.emulateMedia({ colorScheme: "light" });
      const res = await page.goto(baseURL + path, { waitUntil: "load" }).catch(() => null);
      if (!res || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
      // Colours switch with the scheme at once: a transition caught halfway would be measured otherwise.
      await page.evaluate(stopMotion, NO_MOTION).catch(() => {});
      for (const mode of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: mode });
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) {
          if (!v.impact || !SERIOUS.has(v.impact)) continue;
          found.push({
            mode,
            path,
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`),
          });
        }
      }
    }
  } finally {
    await page.close();
  }
  return found;
}

export const test = base.extend<{ axe: undefined }>({
  axe: [
    async ({ context, baseURL }, use, testInfo) => {
      const visited: string[] = [];
      const track = (page: Page) =>
        page.on("framenavigated", (frame) => {
          if (frame === page.mainFrame()) visited.push(frame.url());
        });
      context.pages().forEach(track);
      context.on("page", track);
      await use(undefined);
      if (!AXE || !baseURL || testInfo.status !== testInfo.expectedStatus) return;
      const origin = new URL(baseURL).origin;
      const paths: string[] = [];
      for (const raw of visited) {
        const key = pageKey(raw, origin);
        if (key && !checked.has(key)) {
          checked.add(key);
          paths.push(key);
        }
      }
      if (!paths.length) return;
      const violations = await audit(context, paths, origin);
      if (violations.length) {
        const text = violations.map((v) => `${v.path} (${v.mode}): ${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
        throw new Error(`axe-core: ${violations.length} serious or critical accessibility violation(s)\n${text}`);
      }
    },
    { auto: true },
  ],
});
