// Runs in the browser: a training script logs a run with a token (API), a member finds it in the Runs tab,
// promotes it through the dialog, and the version page and the run page link to each other.
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

test("log a run by API with a token, promote it in the browser, see the lineage", async ({ page, request }) => {
  // The script's side: a token from the credentials, then POST and PATCH as training goes.
  const tok = await request.post("/api/v1/auth/token", { data: { username: "bob", password: DEMO_PASSWORD, name: unique("e2e training script ") } });
  expect(tok.status()).toBe(201);
  const auth = { Authorization: `Bearer ${(await tok.json()).token}` };
  const name = unique("e2e-run-");
  const created = await request.post("/api/v1/acme/training/runs", {
    headers: auth,
    data: {
      name,
      status: "running",
      tags: ["e2e"],
      inputs: { lr: 0.05, batch_size: 2048, epochs: 12 },
      artifacts: [
        { name: "model.json", kind: "model", path: "s3://acme-ml/e2e/model.json" },
        { name: "shap.png", kind: "image", path: "s3://acme-ml/e2e/shap.png" },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const run = await created.json();
  const done = await request.patch(`/api/v1/acme/training/runs/${run.uuid}`, {
    headers: auth,
    data: { status: "succeeded", outputs: { auc: 0.9917, accuracy: 0.9731, loss: 0.083 } },
  });
  expect(done.status()).toBe(200);
  const found = await request.get(`/api/v1/acme/training/runs?query=${encodeURIComponent(`name:${name}, outputs.auc:>0.99`)}`, { headers: auth });
  expect((await found.json()).count).toBe(1);
  expect((await request.get(`/api/v1/acme/training/runs?query=${encodeURIComponent("outputs.auc:>x")}`, { headers: auth })).status()).toBe(400);

  // The member's side: the Runs tab, sorted by a metric, then the run page.
  await signIn(page, "bob");
  await page.goto("/acme/training");
  await page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Runs" }).click();
  await expect(page.getByRole("table", { name: "Runs" })).toBeVisible();
  await page.getByRole("table", { name: "Runs" }).getByRole("link", { name: /^auc/ }).click();
  await expect(page).toHaveURL(/sort=-outputs\.auc/);
  // the newest run has the best auc of the demo season: first row
  await expect(page.getByRole("table", { name: "Runs" }).locator("tbody tr").first()).toContainText(name);
  await page.getByLabel("Query").fill(`name:${name}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/query=name%3Ae2e-run-/);
  const row = page.getByRole("table", { name: "Runs" }).locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("succeeded");
  await row.getByRole("link", { name }).click();

  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("table", { name: "Metrics" })).toContainText("0.9917");
  await expect(page.getByRole("table", { name: "Params" })).toContainText("2,048");
  await expect(page.getByRole("table", { name: "Artifacts" })).toContainText("s3://acme-ml/e2e/shap.png");
  await expect(page.getByText("Not promoted yet")).toBeVisible();

  // Promote through the dialog: only the models that accept acme/training are offered.
  await page.getByRole("button", { name: "Promote to model version" }).click();
  const dialog = page.getByRole("dialog", { name: "Promote to model version" });
  const model = dialog.getByLabel("Model", { exact: true });
  await expect(model.locator("option")).toHaveText(["acme/fraud-detector"]);
  await dialog.getByLabel("Version name").fill(`${name}-bad name`);
  await dialog.getByRole("button", { name: "Promote" }).click();
  await expect(dialog.getByText(/may contain letters, digits/).first()).toBeVisible();
  await expect(dialog.getByLabel("Version name")).toHaveValue(`${name}-bad name`);
  await dialog.getByLabel("Version name").fill(name);
  await dialog.getByLabel("Description").fill("Promoted from the e2e run");
  await dialog.getByLabel("shap.png").uncheck();
  await dialog.getByRole("button", { name: "Promote" }).click();

  // The version page: metrics from the run, and its lineage links back to the run.
  await expect(page).toHaveURL(new RegExp(`/acme/fraud-detector/versions/${name}$`));
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("0.9917").first()).toBeVisible();
  await page.locator(`a[href$="/runs/${run.uuid}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/acme/training/runs/${run.uuid}$`));
  const promoted = page.getByRole("table", { name: "Promoted versions" });
  await expect(promoted).toContainText("acme/fraud-detector");
  await expect(promoted.getByRole("link", { name })).toBeVisible();
  await expect(page.getByText("promoted", { exact: true })).toBeVisible();

  // What the API says about the new version: the run link and only the chosen artifact.
  const v = await (await request.get(`/api/v1/acme/fraud-detector/versions/model/${name}`, { headers: auth })).json();
  expect(v).toMatchObject({ run: run.uuid, artifacts: ["model.json"], meta_info: { metrics: { auc: 0.9917 }, params: { lr: 0.05 } } });
});

test("a viewer reads runs but is offered no promotion; signed out, a private run is a 404", async ({ page, browser }) => {
  await signIn(page, "carol");
  await page.goto(`/acme/training/runs?query=${encodeURIComponent("status:succeeded")}&sort=-outputs.accuracy`);
  const first = page.getByRole("table", { name: "Runs" }).locator("tbody tr").first();
  await first.getByRole("link").first().click();
  await expect(page.getByRole("table", { name: "Metrics" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Promote to model version" })).toHaveCount(0);
  await expect(page.getByText(/No model you can write to accepts runs/)).toBeVisible();
  const url = page.url();

  const anon = await browser.newPage();
  expect((await anon.goto(url))?.status()).toBe(404);
  await anon.close();
});
