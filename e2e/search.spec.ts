// Search from the header: `/` focuses the box, Enter shows ranked results the viewer may read; a private model
// appears for a member and never for a signed-out visitor; the API answers the same and refuses a short query.
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

test("a visitor searches from the header with / and finds the public model, never the private one", async ({ page }) => {
  await page.goto("/acme");
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "Search models, versions and runs" });
  await expect(box).toBeFocused();
  await box.fill("fraud");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=fraud$/);
  const results = page.getByRole("list", { name: "Results" });
  await expect(results.getByRole("link", { name: "fraud-detector", exact: true })).toHaveAttribute("href", "/acme/fraud-detector");
  await page.screenshot({ path: test.info().outputPath("search.png"), fullPage: true });

  await page.goto("/search?q=training");
  await expect(page.getByRole("heading", { name: "Search", exact: true })).toBeVisible();
  await expect(page.locator('a[href="/acme/training"]')).toHaveCount(0);

  await page.goto("/search?q=ab");
  await expect(
    page
      .getByRole("alert")
      .or(page.getByText(/at least 3 characters/))
      .first(),
  ).toBeVisible();
});

test("a member finds the private model and its runs; the kind tabs filter", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/search?q=training");
  const results = page.getByRole("list", { name: "Results" });
  await expect(results.locator('a[href="/acme/training"]')).toBeVisible();
  await page
    .getByRole("navigation", { name: "Kinds" })
    .getByRole("link", { name: /^Models/ })
    .click();
  await expect(page).toHaveURL(/type=models/);
  await expect(results.getByText("run", { exact: true })).toHaveCount(0);
});

test("GET /api/v1/search: the same rule, and a clear 400", async ({ request }) => {
  const r = await request.get("/api/v1/search?q=training");
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { results: { owner: string; project: string }[] };
  expect(body.results.filter((h) => h.owner === "acme" && h.project === "training")).toEqual([]);
  const bad = await request.get("/api/v1/search?q=ab");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.details).toHaveProperty("q");
});
