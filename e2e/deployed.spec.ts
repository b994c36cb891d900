// An organization's production at a glance: from the organization's page to each model's production version,
// its alias and metrics, and who put it there — the same at GET /api/v1/orgs/{org}/deployed.
import { expect, test } from "./fixtures";

test("a visitor sees what acme has in production, and filters it", async ({ page, request }) => {
  await page.goto("/acme");
  await page.getByRole("link", { name: "In production" }).click();
  await expect(page).toHaveURL(/\/orgs\/acme\/deployed$/);
  const table = page.getByRole("table", { name: "Models in production" });
  const row = table.getByRole("row").filter({ hasText: "fraud-detector" });
  await expect(row.getByRole("link", { name: "v12" })).toHaveAttribute("href", "/acme/fraud-detector/versions/v12");
  await expect(row).toContainText("@champion");
  await expect(row).toContainText("auc");
  await page.screenshot({ path: test.info().outputPath("deployed.png"), fullPage: true });
  await page.getByRole("searchbox", { name: "Filter by model name" }).fill("nothing-like-this");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No model matches")).toBeVisible();

  const api = await request.get("/api/v1/orgs/acme/deployed");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { results: { model: string; version: string; aliases: string[] }[] };
  expect(body.results.find((d) => d.model === "fraud-detector")).toMatchObject({ version: "v12", aliases: ["champion"] });
  expect((await request.get("/api/v1/orgs/no-such-org/deployed")).status()).toBe(404);
});

test("the production page lists what changed recently across models, without the private ones for a visitor", async ({ page, request }) => {
  await page.goto("/orgs/acme/deployed");
  const recent = page.getByRole("list", { name: "Recently changed across models" });
  await expect(recent).toBeVisible();
  await expect(page.getByRole("heading", { name: "Recently changed" })).toBeVisible();
  // The demo's public model has versions and stage changes; its private models never show to a visitor.
  await expect(recent.getByRole("link", { name: "fraud-detector", exact: true }).first()).toBeVisible();
  await expect(recent).not.toContainText("churn");
  await expect(recent).not.toContainText("vision-classifier");
  await page.screenshot({ path: test.info().outputPath("deployed-recent.png"), fullPage: true });

  const api = await request.get("/api/v1/orgs/acme/recent?limit=50");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { results: { model: string; change: string; at: string }[] };
  expect(body.results.length).toBeGreaterThan(0);
  expect(body.results.every((c) => c.model !== "churn" && c.model !== "vision-classifier")).toBe(true);
  const times = body.results.map((c) => Date.parse(c.at));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  expect((await request.get("/api/v1/orgs/acme/recent?limit=500")).status()).toBe(400);
});
