// The account page: change your name and email, change your password, sign in with the new one.
import { expect, test } from "./fixtures";
import { signIn, unique } from "./helpers";

test("change profile and password from the account page, then sign in with the new password", async ({ page, browser }) => {
  test.setTimeout(150_000); // a long journey: sign-up, two browsers, three bcrypt checks, a re-sign-in
  const username = unique("acct");
  const first = "first-password-1";
  const second = "second-password-2";
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${username}`));

  // Reached from the account menu, by keyboard-accessible menu items.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Account", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();

  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Name").fill("Grace Hopper");
  await profile.getByLabel("Email").fill("not-an-email");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByText("must be a valid email address")).toBeVisible();
  await expect(profile.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await profile.getByLabel("Email").fill(`${username}+new@example.com`);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByText("Profile saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Profile" }).getByLabel("Name")).toHaveValue("Grace Hopper");

  const password = page.getByRole("form", { name: "Password" });
  await password.getByLabel("Current password").fill("not-my-password");
  await password.getByLabel("New password", { exact: true }).fill(second);
  await password.getByLabel("Confirm new password").fill(second);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("is not your current password")).toBeVisible();

  // A second browser, signed in with the old password before the change.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, username, first);
  const origin = { origin: new URL(otherPage.url()).origin };
  expect((await other.request.get("/api/v1/users")).status()).toBe(200);

  await password.getByLabel("Current password").fill(first);
  await password.getByLabel("New password", { exact: true }).fill(second);
  await password.getByLabel("Confirm new password").fill(second);
  await password.getByRole("button", { name: "Change password" }).click();
  // Every browser is signed out, this one included.
  await expect(page).toHaveURL(/\/login\?reason=password-changed/);
  await expect(page.getByText("Password changed. Every browser was signed out")).toBeVisible();
  await otherPage.goto("/settings/account");
  await expect(otherPage).toHaveURL(/\/login/);
  // The REST API refuses the old cookie as well, for reads and for same-origin writes.
  expect((await other.request.get("/api/v1/users")).status()).toBe(401);
  expect((await other.request.post("/api/v1/orgs", { data: { name: unique("stale") }, headers: origin })).status()).toBe(401);
  await other.close();

  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Incorrect" })).toBeVisible();
  // The new email signs in too.
  await signIn(page, `${username}+new@example.com`, second);
});

test("signed out, the account page sends you to sign in", async ({ page }) => {
  await page.goto("/settings/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Faccount|\/login\?callbackUrl=\/settings\/account/);
});

test("the password and token forms, submitted before hydration, put no secret in a URL", async ({ page, browser }) => {
  const username = unique("prehy");
  const first = "amber-compass-4217";
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${username}`));

  // Before hydration: the HTML (and its inline scripts, which reveal streamed content) but no app bundle.
  const ctx = await browser.newContext({ storageState: await page.context().storageState() });
  await ctx.route("**/_next/static/**/*.js", (route) => route.abort());
  const nojs = await ctx.newPage();
  const urls: string[] = [];
  nojs.on("request", (r) => urls.push(r.url()));
  await nojs.goto("/settings/account");
  const form = nojs.getByRole("form", { name: "Password" });
  await form.getByLabel("Current password").fill("secret-current-pw-1");
  await form.getByLabel("New password", { exact: true }).fill("secret-new-pw-2");
  await form.getByLabel("Confirm new password").fill("secret-new-pw-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await nojs.waitForLoadState("load");
  await nojs.goto("/settings/tokens");
  await nojs.getByLabel("Token name").fill("pre-hydration token");
  await nojs.getByRole("form", { name: "Create a token" }).getByRole("button").first().click();
  await nojs.waitForLoadState("load");
  expect(urls.length).toBeGreaterThan(2);
  for (const u of urls) {
    expect(u).not.toContain("secret-");
    expect(u).not.toContain("mr_");
  }
  await ctx.close();
});
