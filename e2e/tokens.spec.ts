// Personal access tokens in the browser: created and shown once, used against the API, revoked.
import { expect, test } from "./fixtures";
import { signIn, unique } from "./helpers";

test("a token created in the UI works against /api/v1/users until it is revoked", async ({ page, request }) => {
  const name = unique("e2e token ");
  await signIn(page, "bob");
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveValue(/^mr_/);
  const token = await shown.inputValue();
  await expect(page.getByText("it will not be shown again")).toBeVisible();

  // used from the page itself, as a script would, and from outside the browser
  const fromPage = await page.evaluate(async (t) => {
    const res = await fetch("/api/v1/users", { headers: { Authorization: `Bearer ${t}` }, credentials: "omit" });
    return { status: res.status, body: await res.json() };
  }, token);
  expect(fromPage.status).toBe(200);
  expect(fromPage.body).toMatchObject({ username: "bob", kind: "user", organization: "bob" });
  const outside = await request.get("/api/v1/users", { headers: { Authorization: `Token ${token}` } });
  expect(outside.status()).toBe(200);

  // listed by prefix only: the token is nowhere on the page once we reload
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 10));
  expect(await page.content()).not.toContain(token);
  await expect(row).toContainText(/in (4|30) (weeks|days)|in 1 month|next month/);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  // The dialog closes once the revocation is done. (While it is open the page behind it is aria-hidden, so the
  // row "disappears" from the accessibility tree before anything happened: wait for the dialog, not the row.)
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  const after = await request.get("/api/v1/users", { headers: { Authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});

test("an empty token name is refused next to the field", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#field-name-error")).toHaveText("is required");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});

test("signed out, the tokens page sends you to sign in", async ({ page }) => {
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Ftokens|\/login\?callbackUrl=\/settings\/tokens/);
});
