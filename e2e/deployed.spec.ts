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
