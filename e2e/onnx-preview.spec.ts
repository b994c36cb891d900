// An ONNX model's file page: uploaded through the API, its preview shows the graph's inputs and outputs (with the
// symbolic batch dim), the opset imports and the counts — read from the file's protobuf, not by downloading it —
// and a damaged .onnx file says why it has no preview.
import { tinyOnnx } from "../lib/registry/onnx.testing";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

test("an uploaded ONNX model previews its inputs, outputs and opsets; a damaged one says why it cannot", async ({ page, request }) => {
  const tokenRes = await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD, name: unique("e2e onnx ") } });
  const auth = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
  const model = unique("onnx-");
  expect((await request.post("/api/v1/acme/projects/create", { data: { name: model }, headers: auth })).status()).toBe(201);
  expect((await request.post(`/api/v1/acme/${model}/versions/model`, { data: { name: "v1" }, headers: auth })).status()).toBe(201);
  const files = `/api/v1/acme/${model}/versions/model/v1/files`;
  const octet = { ...auth, "content-type": "application/octet-stream" };
  expect((await request.put(`${files}/model.onnx`, { data: tinyOnnx(), headers: octet })).status()).toBe(201);
  expect((await request.put(`${files}/broken.onnx`, { data: Buffer.from("definitely not protobuf"), headers: octet })).status()).toBe(201);

  await signIn(page, "alice");
  await page.goto(`/acme/${model}/versions/v1`);
  await page.getByRole("table", { name: "Files" }).getByRole("link", { name: "model.onnx", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${model}/versions/v1/files/model\\.onnx$`));
  await expect(page.getByText(/^ONNX IR v8 · /)).toBeVisible();
  await expect(page.getByText("linear-classifier", { exact: true })).toBeVisible();

  const inputs = page.getByRole("table", { name: "Inputs" });
  await expect(inputs.getByRole("rowheader", { name: "features" })).toBeVisible();
  await expect(inputs.getByRole("row", { name: /features/ })).toContainText("FLOAT");
  await expect(inputs.getByRole("row", { name: /features/ })).toContainText("[batch, 4]");
  const outputs = page.getByRole("table", { name: "Outputs" });
  await expect(outputs.getByRole("row", { name: /probabilities/ })).toContainText("[batch, 3]");
  const opsets = page.getByRole("table", { name: "Opset imports" });
  await expect(opsets.getByRole("row", { name: /ai\.onnx 17/ })).toBeVisible();
  await expect(opsets.getByRole("row", { name: /ai\.onnx\.ml 3/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "modelreg-tests 1.0" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Add 1 · MatMul 1 · Softmax 1" })).toBeVisible();

  // The initializers are behind a disclosure, as a table.
  await page.getByText("Initializers (2)").click();
  const inits = page.getByRole("table", { name: "Initializers" });
  await expect(inits.getByRole("row", { name: /weight FLOAT \[4, 3\] 12/ })).toBeVisible();

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath("onnx-preview-light.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: test.info().outputPath("onnx-preview-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  await page.goto(`/acme/${model}/versions/v1/files/broken.onnx`);
  await expect(page.getByText("No preview")).toBeVisible();
  await expect(page.getByText(/The ONNX header could not be read: not an ONNX file/)).toBeVisible();
});
