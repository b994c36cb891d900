// The model journey in the browser: create, edit the card, publish, restrict to a team, delete.
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

test("create a model, edit it, publish it, restrict it to a team, delete it", async ({ page, browser }) => {
  const name = unique("e2e-model-");
  await signIn(page, "demo");
  await page.goto("/acme");
  await page.getByRole("link", { name: "New model" }).click();
  await page.getByLabel("Model name").fill(name);
  await page.getByLabel("Description").fill("Made in the browser");
  await page.getByLabel("Tags").fill("e2e, tabular");
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${name}$`));
  await expect(page.getByRole("heading", { name: "No model card yet" })).toBeVisible();

  // edit the card and the tags, make it public
  await page.goto(`/acme/${name}/settings`);
  await page.getByLabel("README (model card, markdown)").fill("# My card\n\nIt <script>window.pwned=1</script> predicts things.");
  await page.getByLabel("Tags").fill("e2e, nlp");
  await page.getByLabel(/Public/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto(`/acme/${name}`);
  await expect(page.getByRole("heading", { name: "My card" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.getByText("nlp", { exact: true })).toBeVisible();

  // signed out, the public model reads without edit controls
  const anon = await browser.newPage();
  await anon.goto(`/acme/${name}`);
  await expect(anon.getByRole("heading", { name: "My card" })).toBeVisible();
  await expect(anon.getByRole("link", { name: "Settings" })).toHaveCount(0);
  expect((await anon.goto(`/acme/${name}/settings`))?.status()).toBe(404);

  // private again and restricted to team vision: bob (in vision) sees it, carol (viewer, not in the team) gets a 404
  await page.goto(`/acme/${name}/settings`);
  await page.getByLabel(/Private/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto(`/acme/${name}/settings/access`);
  await page.getByLabel("vision").check();
  await page.getByRole("button", { name: "Save" }).click();
  // no admin would be left but acme's owners and managers: confirm it
  await page.getByLabel("I understand, make this change anyway").check();
  await page.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("table", { name: "Who has access" })).toContainText("member via team vision");
  await expect(page.getByRole("table", { name: "Who has access" })).toContainText("admin via organization role owner");
  expect((await anon.goto(`/acme/${name}`))?.status()).toBe(404);
  const ctx = await browser.newContext();
  const carol = await ctx.newPage();
  await signIn(carol, "carol", DEMO_PASSWORD);
  expect((await carol.goto(`/acme/${name}`))?.status()).toBe(404);
  const bob = await (await browser.newContext()).newPage();
  await signIn(bob, "bob", DEMO_PASSWORD);
  expect((await bob.goto(`/acme/${name}`))?.status()).toBe(200);

  // delete behind the name-confirm dialog
  await page.goto(`/acme/${name}/settings/danger`);
  await page.getByRole("button", { name: "Delete this model" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete model" })).toBeDisabled();
  await dialog.getByLabel("Name to confirm").fill(name);
  await dialog.getByRole("button", { name: "Delete model" }).click();
  await expect(page).toHaveURL(/\/acme$/);
  expect((await page.goto(`/acme/${name}`))?.status()).toBe(404);
});
