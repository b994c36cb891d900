import { expect, test } from "@playwright/test";
import { signIn, signOut, unique } from "./helpers";

test("sign up, see the personal organization, sign out and back in", async ({ page }) => {
  const username = unique("ada");
  const password = "a-long-password-1";
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(new RegExp(`/${username}`));
  await expect(page.getByText("This is your personal organization")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Your organizations" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Organizations" }).getByText(username, { exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, username, password);
  await expect(page.getByRole("heading", { name: "Your organizations" })).toBeVisible();
});

test("a wrong password gives a clear error", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill("demo");
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Incorrect" })).toHaveText("Incorrect username or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("empty sign-in fields are named", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your username or email.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("duplicate username and short password give field errors and keep what was typed", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Email").fill("someone-new@example.com");
  await page.getByLabel("Password").fill("long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-username-error")).toHaveText("This username is taken.");
  await expect(page.getByLabel("Email")).toHaveValue("someone-new@example.com");

  await page.getByLabel("Username").fill(unique("shorty"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("must be at least 10 characters");
});

test("the demo organization is seeded and an unknown page is a 404", async ({ page }) => {
  await signIn(page, "demo");
  await page.goto("/acme");
  await expect(page.getByRole("heading", { name: /Acme Corp/ })).toBeVisible();
  const res = await page.goto("/no-such-org-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("health answers ok", async ({ request }) => {
  const res = await request.get("/api/v1/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});
