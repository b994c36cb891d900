// Metric charts on the versions and compare pages, and the lineage diagram on the version page, with the demo
// model acme/fraud-detector (public; its versions are promoted from runs of the private acme/training).
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const MODEL = "/acme/fraud-detector";

test("the versions page charts a metric over time and two metrics against each other; the choice is a GET form", async ({ page }) => {
  await page.goto(`${MODEL}/versions`);
  // The list alone first (it stays light); the charts are one link away.
  await expect(page.getByTestId("metric-charts")).toHaveCount(0);
  await page.getByRole("link", { name: "Chart the metrics of these versions →" }).click();
  await expect(page).toHaveURL(/charts=1/);
  const timeline = page.locator('[data-chart="timeline"]');
  const scatter = page.locator('[data-chart="scatter"]');
  // The default is the first metric the versions have; every demo version has it.
  await expect(page.getByRole("figure", { name: "accuracy over time", exact: true })).toBeVisible();
  await expect(timeline.getByRole("link")).toHaveCount(12);
  await expect(page.getByRole("figure", { name: "auc against accuracy", exact: true })).toBeVisible();
  await expect(scatter.getByRole("link")).toHaveCount(12);
  // Hover text and the accessible name give the version, its values and its stage; the champion is marked.
  const v12 = timeline.getByRole("link", { name: /^v12 \(production, @champion\), accuracy 0\.965/ });
  await expect(v12).toBeVisible();
  await expect(v12.locator("title")).toHaveText(/^v12 \(production, @champion\), accuracy 0\.965, created \d{4}-\d\d-\d\d$/);
  await expect(timeline).toContainText("@champion");

  // Choose latency: the chart changes, and says which way is better.
  await page.getByLabel("Over time", { exact: true }).selectOption("latency_ms");
  await page.getByLabel("Scatter: x", { exact: true }).selectOption("latency_ms");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/metric=latency_ms/);
  await expect(page.getByRole("figure", { name: "latency_ms over time", exact: true })).toBeVisible();
  await expect(timeline).toContainText("latency_ms (lower is better)");
  await expect(timeline.getByRole("link", { name: /^v12 .*latency_ms 12\.5/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: "auc against latency_ms", exact: true })).toBeVisible();
  await expect(page.getByLabel("Over time", { exact: true })).toHaveValue("latency_ms");

  // The plotted values are a table too, for screen readers.
  await page.getByText("Plotted values as a table").click();
  await expect(page.locator("#metrics table").getByRole("row")).toHaveCount(13);

  // Sorting the table keeps the charts and their choice.
  await page.locator('th a[title="Sort by Name"]').click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(page).toHaveURL(/metric=latency_ms/);
  await expect(page.getByRole("figure", { name: "latency_ms over time", exact: true })).toBeVisible();
});

test("a PQL query narrows the charted versions, and the choice keeps the query", async ({ page }) => {
  await page.goto(`${MODEL}/versions?query=${encodeURIComponent("stage:production|staging")}`);
  await page.getByRole("link", { name: "Chart the metrics of the versions this query selects →" }).click();
  const timeline = page.locator('[data-chart="timeline"]');
  await expect(timeline.getByRole("link")).toHaveCount(4);
  await expect(page.getByTestId("chart-scope")).toHaveText("4 versions: the versions this query selects");
  await page.getByLabel("Over time", { exact: true }).selectOption("f1");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/query=stage%3Aproduction%7Cstaging.*metric=f1/);
  await expect(page.getByRole("figure", { name: "f1 over time", exact: true })).toBeVisible();
  await expect(timeline.getByRole("link")).toHaveCount(4);
  await expect(timeline.getByRole("link", { name: /^v1 / })).toHaveCount(0);
  // A query no version matches has no chart.
  await page.goto(`${MODEL}/versions?charts=1&query=${encodeURIComponent("name:nothing-like-this")}`);
  await expect(page.getByText("No version matches this query")).toBeVisible();
  await expect(page.getByTestId("metric-charts")).toHaveCount(0);
});

test("clicking a point, or Enter on it, opens that version", async ({ page }) => {
  await page.goto(`${MODEL}/versions?charts=1`);
  await page.locator('[data-chart="timeline"]').getByRole("link", { name: /^v12 / }).click();
  await expect(page).toHaveURL(new RegExp(`${MODEL}/versions/v12$`));
  await page.goBack();
  const v11 = page.locator('[data-chart="scatter"]').getByRole("link", { name: /^v11 / });
  await v11.focus();
  await expect(v11).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${MODEL}/versions/v11$`));
});

test("the compare page charts the compared versions and keeps them when the metric changes", async ({ page }) => {
  await page.goto(`${MODEL}/versions/compare?v=v11&v=v12`);
  const timeline = page.locator('[data-chart="timeline"]');
  await expect(page.getByRole("table", { name: "Version comparison" })).toBeVisible();
  await expect(timeline.getByRole("link")).toHaveCount(2);
  await expect(page.getByTestId("chart-scope")).toHaveText("2 versions: the compared versions");
  await page.getByLabel("Scatter: y", { exact: true }).selectOption("latency_ms");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/v=v11&v=v12.*my=latency_ms/);
  await expect(page.getByRole("figure", { name: "latency_ms against accuracy", exact: true })).toBeVisible();
  await expect(page.locator('[data-chart="scatter"]').getByRole("link")).toHaveCount(2);
  await page.locator('[data-chart="scatter"]').getByRole("link", { name: /^v11 / }).click();
  await expect(page).toHaveURL(new RegExp(`${MODEL}/versions/v11$`));
});

test("a private model's charts are a 404 for an outsider", async ({ page }) => {
  await signIn(page, "dave");
  for (const path of ["/acme/churn/versions", "/acme/churn/versions?metric=auc", "/acme/churn/versions/compare?v=v1&v=v2"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test("the lineage shows the source run and its project, and the stage path", async ({ page }) => {
  await signIn(page, "demo");
  await page.goto(`${MODEL}/versions/v12`);
  const lineage = page.getByRole("region", { name: "Lineage" });
  await expect(lineage.getByRole("link", { name: /acme\/training/ })).toHaveAttribute("href", "/acme/training");
  const run = lineage.getByRole("list", { name: "Where it came from" }).getByRole("link", { name: /^Run/ });
  await expect(run).toHaveAttribute("href", /^\/acme\/training\/runs\/[0-9a-f-]{36}$/);
  await expect(lineage.getByRole("list", { name: "Stage path" }).getByRole("listitem")).toHaveText([/testing/, /staging/, /production/]);
  await run.click();
  await expect(page).toHaveURL(/\/acme\/training\/runs\//);
});

test("an outsider sees a public version's private source project as 'private', with no name and no link", async ({ page }) => {
  await signIn(page, "dave");
  await page.goto(`${MODEL}/versions/v12`);
  const lineage = page.getByRole("region", { name: "Lineage" });
  const source = lineage.getByRole("list", { name: "Where it came from" });
  await expect(source.getByRole("listitem")).toHaveText([/Source project\s*private/, /Run\s*private/]);
  await expect(source.getByRole("link")).toHaveCount(0);
  await expect(lineage).not.toContainText("training");
  await expect(lineage.getByRole("list", { name: "Stage path" }).getByRole("listitem")).toHaveCount(3);
});
