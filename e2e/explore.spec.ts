// Explore as a signed-out visitor: from the landing page to every organization's public models, sorted.
import { expect, test } from "./fixtures";

test("a signed-out visitor explores the public models, by update and by name", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Explore public models" }).click();
  await expect(page).toHaveURL(/\/explore$/);
  const list = page.getByRole("list", { name: "Public models" });
  const card = list.getByRole("link").filter({ hasText: "fraud-detector" });
  await expect(card).toHaveAttribute("href", "/acme/fraud-detector");
  await expect(card).toContainText("production:");
  await expect(list.locator('a[href="/acme/training"]')).toHaveCount(0);
  await page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Name" }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Name" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: test.info().outputPath("explore.png"), fullPage: true });
});
