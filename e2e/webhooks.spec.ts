// Webhooks in the browser: an admin adds a hook to a new model in Settings → Webhooks, pings it, sees the
// signed delivery in the log, and redelivers it under the same delivery id; members see no Webhooks page.
import crypto from "node:crypto";
import { expect, test } from "./fixtures";
import { startReceiver } from "../lib/webhooks/receiver.testing";
import { signIn, unique } from "./helpers";

test("create a hook in Settings, ping it, see the delivery in the log, redeliver", async ({ page, browser }) => {
  test.slow(); // a build, a model, two deliveries and a second browser: over a minute on a loaded machine
  const rx = await startReceiver();
  try {
    const name = unique("e2e-hooks-");
    await signIn(page, "alice");
    await page.goto("/acme");
    await page.getByRole("link", { name: "New model" }).click();
    await page.getByLabel("Model name").fill(name);
    await page.getByRole("button", { name: "Create model" }).click();
    await expect(page).toHaveURL(new RegExp(`/acme/${name}$`));

    await page.goto(`/acme/${name}/settings`);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(new RegExp(`/acme/${name}/settings/webhooks$`));
    await page.getByLabel("Payload URL").fill("http://169.254.169.254/latest/");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText(/metadata address/)).toBeVisible();

    await page.getByLabel("Payload URL").fill(rx.url);
    await page.getByLabel("Description").fill("e2e receiver");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secretBox = page.getByTestId("webhook-secret");
    await expect(secretBox).toHaveValue(/^whsec_/);
    const secret = await secretBox.inputValue();
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("link", { name: rx.url }).click();
    await page.getByRole("button", { name: "Ping" }).click();
    await expect(page.getByText(/Ping queued/)).toBeVisible();
    await expect.poll(() => rx.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const ping = rx.received.find((r) => r.json.event === "ping")!;
    const ts = String(ping.headers["x-modelreg-timestamp"]);
    expect(ping.headers["x-modelreg-signature-256"]).toBe(`sha256=${crypto.createHmac("sha256", secret).update(`${ts}.${ping.body}`).digest("hex")}`);
    const id = String(ping.headers["x-modelreg-delivery"]);

    await page.reload();
    const row = page.locator(`tr[data-delivery="${id}"]`);
    await expect(row).toContainText("ping");
    await expect(row).toContainText("succeeded");
    await row.getByRole("button", { name: `Redeliver ${id}` }).click();
    await expect(row.getByText("Redelivery queued.")).toBeVisible();
    await expect.poll(() => rx.received.filter((r) => r.headers["x-modelreg-delivery"] === id).length, { timeout: 15_000 }).toBe(2);
    await page.reload();
    await expect(page.locator(`tr[data-delivery="${id}"]`)).toContainText(/succeeded/);

    // a member sees no webhooks page of the model
    const ctx = await browser.newContext();
    const bob = await ctx.newPage();
    await signIn(bob, "bob");
    expect((await bob.goto(`/acme/${name}/settings/webhooks`))?.status()).toBe(404);
    await ctx.close();
  } finally {
    await rx.close();
  }
});

test("members see no Webhooks entry and get a 404 on the organization's webhooks page", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/acme/settings/activity");
  await expect(page.getByRole("navigation", { name: "Organization settings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  expect((await page.goto("/acme/settings/webhooks"))?.status()).toBe(404);
});
