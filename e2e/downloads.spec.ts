// Download counts: a file downloaded in the browser (the preview page's Download button) and through the API shows
// up on the version page and the model overview, and the same numbers come back from the downloads API.
import { expect, test } from "./fixtures";

const VERSION_PAGE = "/acme/fraud-detector/versions/v5";

async function shown(page: import("@playwright/test").Page, url: string) {
  await page.goto(url);
  const box = page.getByTestId("downloads");
  await expect(box).toBeVisible();
  return {
    total: Number(((await box.getByTestId("downloads-total").textContent()) ?? "").replace(/,/g, "")),
    month: Number(((await box.getByTestId("downloads-30d").textContent()) ?? "").replace(/,/g, "")),
  };
}

test("downloading a file counts on the version page and the model overview", async ({ page, request }) => {
  const before = await shown(page, VERSION_PAGE);
  const modelBefore = await shown(page, "/acme/fraud-detector");

  // In the browser: the preview page's Download button.
  await page.goto(`${VERSION_PAGE}/files/config.json`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download" }).click();
  await (await downloading).path();

  // Through the API (what `modelreg models pull` calls); a HEAD does not count.
  const file = "/api/v1/acme/fraud-detector/versions/model/v5/files/config.json";
  expect((await request.get(file)).status()).toBe(200);
  expect((await request.head(file)).status()).toBe(200);

  // Counting does not hold the response up: it may land a moment later.
  await expect(async () => {
    const after = await shown(page, VERSION_PAGE);
    expect(after.total).toBeGreaterThanOrEqual(before.total + 2);
    expect(after.month).toBeGreaterThanOrEqual(before.month + 2);
  }).toPass({ timeout: 10_000 });
  await expect(page.getByRole("img", { name: /Downloads of this version per day/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("version-downloads.png"), fullPage: true });

  const model = await shown(page, "/acme/fraud-detector");
  expect(model.total).toBeGreaterThanOrEqual(modelBefore.total + 2);

  const api = await request.get("/api/v1/acme/fraud-detector/versions/model/v5/downloads");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { version: string; total: number; last_30_days: number; daily: { day: string; count: number }[] };
  expect(body.version).toBe("v5");
  expect(body.total).toBeGreaterThanOrEqual(before.total + 2);
  expect(body.daily).toHaveLength(30);
  // A private model's counts are a 404 to a signed-out caller.
  expect((await request.get("/api/v1/acme/churn/downloads")).status()).toBe(404);
});
