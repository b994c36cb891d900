// Versions in the browser: register, find with PQL (kept in the URL), move through stages (members up to
// staging, admins into production), compare, delete behind the confirm dialog.
import { expect, test, type Page } from "./fixtures";
import { signIn, unique } from "./helpers";

const MODEL = "/acme/fraud-detector";

async function changeStage(page: Page, to: string, reason: string) {
  await page.getByRole("button", { name: "Change stage" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Move to").selectOption(to);
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByRole("button", { name: "Change stage" }).click();
  await expect(dialog).toBeHidden();
}

test("register, filter, stage, compare and delete a version", async ({ page, browser }) => {
  const name = unique("e2e-");
  await signIn(page, "bob");

  // register in the browser
  await page.goto(`${MODEL}/versions`);
  await page.getByRole("link", { name: "Register version" }).first().click();
  await expect(page.getByRole("heading", { name: "Register a version" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Registered from the browser");
  await page.getByLabel("Tags").fill("e2e, browser");
  await page.getByLabel("Framework").fill("lightgbm");
  await page.getByLabel("Metrics").fill("accuracy = 0.991\nauc = 0.995\nlatency_ms = 9");
  await page.getByLabel("Params").fill("num_leaves = 63");
  await page.getByRole("button", { name: "Register version" }).click();
  await expect(page).toHaveURL(new RegExp(`${MODEL}/versions/${name}$`));
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Metrics" })).toContainText("0.995");

  // a bad metrics field keeps what was typed and says which field
  await page.goto(`${MODEL}/versions/new`);
  await page.getByLabel("Name").fill(`${name}-bad`);
  await page.getByLabel("Metrics").fill("accuracy 0.5");
  await page.getByRole("button", { name: "Register version" }).click();
  await expect(page.getByText("line 1: expected 'key = value'", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(`${name}-bad`);

  // see it in the table, then filter with PQL; the URL keeps the query
  await page.goto(`${MODEL}/versions`);
  const table = page.getByRole("table", { name: "Versions" });
  await expect(table.getByRole("link", { name, exact: true })).toBeVisible();
  await page.getByLabel("Query").fill(`name:${name}, tags:e2e, meta.metrics.auc:>=0.99`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/query=name%3A.*tags%3Ae2e%2C/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel("Query")).toHaveValue(`name:${name}, tags:e2e, meta.metrics.auc:>=0.99`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  // a bad query is shown by the box, not as an error page
  await page.getByLabel("Query").fill("stage:prod");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/expected one of testing, staging, production, disabled/)).toBeVisible();

  // open it; bob (member) moves it to staging with a reason; production is not offered to him
  await page.goto(`${MODEL}/versions?query=${encodeURIComponent(`name:${name}`)}`);
  await table.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/versions/${name}$`));
  await page.getByRole("button", { name: "Change stage" }).click();
  await expect(page.getByRole("dialog").getByLabel("Move to").locator("option")).toHaveText(["staging", "disabled"]);
  await page.keyboard.press("Escape");
  await changeStage(page, "staging", "Looks good offline");
  const history = page.getByRole("list", { name: "Stage history" });
  await expect(history.locator("li").first()).toContainText("Looks good offline");
  await expect(history.locator("li").first()).toContainText("staging");
  await expect(page.getByText("Moving into or out of production needs a project admin.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  // the registry refuses it too, whatever the page shows
  const refused = await page.evaluate(async (url) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ condition: { type: "production", reason: "sneaky" } }),
    });
    return res.status;
  }, `/api/v1${MODEL}/versions/model/${name}/stages`);
  expect(refused).toBe(403);

  // alice (admin) moves it into production
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice");
  await alice.goto(`${MODEL}/versions/${name}`);
  await changeStage(alice, "production", "Shadow test passed");
  const aliceHistory = alice.getByRole("list", { name: "Stage history" });
  await expect(aliceHistory.locator("li").first()).toContainText("production");
  await expect(aliceHistory.locator("li").first()).toContainText("by alice");
  await expect(aliceHistory.locator("li")).toHaveCount(3);

  // compare it with v12 from the table's checkboxes
  await alice.goto(`${MODEL}/versions`);
  await alice.getByLabel(`Compare ${name}`).check();
  await alice.getByLabel("Compare v12").check();
  await alice.getByRole("button", { name: "Compare selected" }).click();
  await expect(alice).toHaveURL(/\/versions\/compare\?v=/);
  const cmp = alice.getByRole("table", { name: "Version comparison" });
  await expect(cmp.getByRole("columnheader", { name })).toBeVisible();
  await expect(cmp.getByRole("columnheader", { name: "v12" })).toBeVisible();
  await expect(cmp.getByRole("row", { name: /auc/ })).toContainText("0.995");
  await alice.getByRole("link", { name: "Only differences" }).click();
  await expect(cmp.getByRole("row", { name: /latency_ms/ })).toBeVisible();

  // delete it behind the confirm dialog
  await alice.goto(`${MODEL}/versions/${name}`);
  await alice.getByRole("button", { name: "Delete" }).click();
  const dialog = alice.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete version" })).toBeDisabled();
  await dialog.getByLabel("Name to confirm").fill(name);
  await dialog.getByRole("button", { name: "Delete version" }).click();
  await expect(alice.getByRole("status").filter({ hasText: "Deleted version" })).toHaveText(`Deleted version ${name} of ${MODEL.slice(1)}.`);
  await expect(alice).toHaveURL(new RegExp(`${MODEL}/versions$`));
  await expect(alice.getByRole("table", { name: "Versions" })).not.toContainText(name);
  expect((await alice.goto(`${MODEL}/versions/${name}`))?.status()).toBe(404);
});

test("signed out: a public model's versions read without any controls; a private one is a 404", async ({ page }) => {
  await page.goto(`${MODEL}/versions`);
  await expect(page.getByRole("table", { name: "Versions" })).toContainText("v12");
  await expect(page.getByRole("link", { name: "Register version" })).toHaveCount(0);
  await page.goto(`${MODEL}/versions/v12`);
  await expect(page.getByRole("list", { name: "Stage history" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Change stage" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit version" })).toHaveCount(0);
  expect((await page.goto("/acme/churn/versions"))?.status()).toBe(404);
});

test("edit a version and transfer a copy to another model", async ({ page }) => {
  await signIn(page, "alice");
  await page.goto(`${MODEL}/versions/v9`);
  await page.getByRole("link", { name: "Edit version" }).click();
  await expect(page).toHaveURL(/\/v9\/edit$/);
  await expect(page.getByLabel("Metrics")).toHaveValue(/auc = 0\.968/);
  await page.getByLabel("Description").fill("Weekly retrain #9, re-described");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`${MODEL}/versions/v9$`));
  await expect(page.getByText("Weekly retrain #9, re-described")).toBeVisible();

  const copy = unique("copy-");
  await page.getByRole("button", { name: "Transfer or copy…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /^Copy/i }).check();
  await dialog.getByLabel("Target model").selectOption("churn");
  await dialog.getByLabel("Name of the copy").fill(copy);
  await dialog.getByRole("button", { name: "Copy version" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/churn/versions/${copy}$`));
  await expect(page.getByRole("link", { name: "acme/fraud-detector:v9", exact: true })).toHaveAttribute("href", "/acme/fraud-detector/versions/v9");
  await expect(page.getByRole("list", { name: "Stage history" }).locator("li")).toHaveCount(1);
});
