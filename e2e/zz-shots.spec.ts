import { expect, test } from "./fixtures";

for (const scheme of ["light", "dark"] as const) {
  test(`shots ${scheme}`, async ({ page, request }) => {
    await request.get("/api/v1/acme/fraud-detector/versions/model/v11/files/config.json");
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, url] of [
      ["version2", "/acme/fraud-detector/versions/v11"],
      ["deployed2", "/orgs/acme/deployed"],
      ["version-empty2", "/acme/fraud-detector/versions/v2"],
    ]) {
      await page.goto(url);
      await expect(page.locator("main")).toBeVisible();
      await page.screenshot({ path: `/tmp/shots-downloads/${name}-${scheme}.png`, fullPage: true });
    }
  });
}
