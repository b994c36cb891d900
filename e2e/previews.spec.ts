// File previews as a visitor sees them: from the version's file list to a file's page — the demo model's
// safetensors header (tensors, parameter count), its config.json and model card; an uploaded CSV and image;
// and a private model's file, which stays a 404 for someone who may not read the model.
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, unique } from "./helpers";

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("a signed-out visitor previews the demo model's weights header, config and model card", async ({ page }) => {
  await page.goto("/acme/fraud-detector/versions/v1");
  const files = page.getByRole("table", { name: "Files" });
  await files.getByRole("link", { name: "model.safetensors", exact: true }).click();
  await expect(page).toHaveURL(/\/acme\/fraud-detector\/versions\/v1\/files\/model\.safetensors$/);
  await expect(page.getByRole("heading", { name: "model.safetensors" })).toBeVisible();
  await expect(page.getByText("safetensors header ·")).toBeVisible();
  const tensors = page.getByRole("table", { name: "Tensors" });
  await expect(tensors.getByRole("cell", { name: "classifier.weight" })).toBeVisible();
  await expect(tensors.getByRole("cell", { name: "[1, 212]" })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Parameters" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("safetensors-preview.png"), fullPage: true });

  await page.getByRole("link", { name: "v1", exact: true }).click();
  await page.getByRole("table", { name: "Files" }).getByRole("link", { name: "config.json", exact: true }).click();
  await expect(page.getByText("JSON", { exact: true })).toBeVisible();
  await expect(page.locator("pre")).toContainText('"model_type"');

  await page.goBack();
  await page.getByRole("table", { name: "Files" }).getByRole("link", { name: "README.md", exact: true }).click();
  await expect(page.getByText("Markdown", { exact: true })).toBeVisible();
  await expect(page.locator(".prose-md h1, .prose-md h2").first()).toBeVisible();
});

test("an uploaded CSV previews as a table and an image as an image; a private model's file is a 404 for outsiders", async ({ page, request, browser }) => {
  const tokenRes = await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD, name: unique("e2e previews ") } });
  const auth = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
  const model = unique("previews-");
  expect((await request.post("/api/v1/acme/projects/create", { data: { name: model }, headers: auth })).status()).toBe(201);
  expect((await request.post(`/api/v1/acme/${model}/versions/model`, { data: { name: "v1" }, headers: auth })).status()).toBe(201);
  const files = `/api/v1/acme/${model}/versions/model/v1/files`;
  const csv = ["threshold,precision,recall", "0.3,0.81,0.97", "0.5,0.9,0.93", "0.7,0.95,0.85"].join("\n");
  expect((await request.put(`${files}/eval/thresholds.csv`, { data: Buffer.from(csv), headers: { ...auth, "content-type": "text/csv" } })).status()).toBe(201);
  expect((await request.put(`${files}/plots/roc.png`, { data: PNG, headers: { ...auth, "content-type": "image/png" } })).status()).toBe(201);

  // The model is private: signed out, its file pages are 404s like the model itself.
  const anon = await browser.newPage();
  expect((await anon.goto(`/acme/${model}/versions/v1/files/eval/thresholds.csv`))?.status()).toBe(404);
  await anon.close();

  await page.goto("/login");
  await page.getByLabel("Username or email").fill("alice");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
  await page.goto(`/acme/${model}/versions/v1/files/eval/thresholds.csv`);
  const rows = page.getByRole("table", { name: "Rows" });
  await expect(rows.getByRole("columnheader", { name: "precision" })).toBeVisible();
  await expect(rows.getByRole("row")).toHaveCount(4);
  await page.goto(`/acme/${model}/versions/v1/files/plots/roc.png`);
  const img = page.getByRole("img", { name: "plots/roc.png" });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
  await page.screenshot({ path: test.info().outputPath("image-preview.png"), fullPage: true });
  // A path the version does not have is a 404 page.
  expect((await page.goto(`/acme/${model}/versions/v1/files/nope.txt`))?.status()).toBe(404);
});
