// A training script logs a run with a token, a member promotes it in the browser, the version shows its lineage.
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

test("log a run by API, promote it in the browser, see the lineage", async ({ page, request }) => {
  const tok = await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD } });
  const token = (await tok.json()).token as string;
  const name = unique("e2e-run-");
  const res = await request.post("/api/v1/acme/training/runs", {
    headers: { Authorization: `Bearer ${token}` },
    data: { name, status: "succeeded", inputs: { lr: 0.05 }, outputs: { auc: 0.991, accuracy: 0.97 }, artifacts: [{ name: "model.json", kind: "model", path: "s3://b/m.json" }] },
  });
  expect(res.status()).toBe(201);
  const run = await res.json();
  const bad = await request.get(`/api/v1/acme/training/runs?query=${encodeURIComponent("outputs.auc:>x")}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(bad.status()).toBe(400);

  await signIn(page, "alice");
  await page.goto("/acme/training/runs?query=" + encodeURIComponent(`name:${name}`));
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByRole("button", { name: "Promote to model version" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Model", { exact: true }).selectOption("acme/fraud-detector");
  await dialog.getByLabel("Version name").fill(name);
  await dialog.getByRole("button", { name: "Promote" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/fraud-detector/versions/${name}$`));
  await expect(page.getByText("0.991")).toBeVisible();
  await page.getByRole("link", { name: new RegExp(`acme/training · ${run.uuid.slice(0, 8)}`) }).click();
  await expect(page.getByRole("table", { name: "Promoted versions" })).toContainText(name);
});
