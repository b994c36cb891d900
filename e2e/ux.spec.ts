// What a new user tripped over, as journeys in a real browser: an admin restricting a model to teams is
// warned before they lock themselves out; token names are unique and the revoke dialog says which token
// it is; the version form shows every mistake at once; the 404 page, the favicon, snippets with the
// server's own address; lists that say they are loading.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type Page } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

async function as(browser: Browser, user: string | null): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (user) await signIn(page, user, DEMO_PASSWORD);
  return page;
}

test("an admin who restricts a model to a team they are not in is asked first, and told where they stand after", async ({ browser }) => {
  const name = unique("e2e-lock-");
  const alice = await as(browser, "alice"); // admin of acme by organization role, not in team vision
  await alice.goto("/acme/new");
  await alice.getByLabel("Model name").fill(name);
  await alice.getByRole("button", { name: "Create model" }).click();
  await expect(alice).toHaveURL(new RegExp(`/acme/${name}$`));

  await alice.goto(`/acme/${name}/settings/access`);
  const form = alice.getByRole("form", { name: "Restrict to teams" });
  await form.getByLabel("vision").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toContainText(`This change takes away your own access to acme/${name}`);
  // nothing changed yet: alice still administers it
  await alice.reload();
  await expect(alice.getByRole("table", { name: "Who has access" })).toContainText("alice");
  await expect(form.getByLabel("vision")).not.toBeChecked();

  await form.getByLabel("vision").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("button", { name: "Confirm and save" })).toBeVisible();
  await form.getByLabel("I understand, make this change anyway").check();
  await form.getByRole("button", { name: "Confirm and save" }).click();
  // she lands on the organization page, which says what happened, instead of a 404
  await expect(alice.getByRole("status").filter({ hasText: "no longer have access" })).toContainText(`You no longer have access to acme/${name}`);
  await expect(alice).toHaveURL(/\/acme$/);
  expect((await alice.goto(`/acme/${name}`))?.status()).toBe(404);
});

test("token names are unique; the revoke dialog names the token by prefix and creation date", async ({ page }) => {
  const name = unique("e2e dup ");
  await signIn(page, "carol");
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").inputValue();
  await page.getByLabel("Token name").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("form", { name: "Create a token" })).toContainText(`You already have a token named '${name.toUpperCase()}'`);
  await page.reload();
  const rows = page.getByRole("row").filter({ hasText: name });
  await expect(rows).toHaveCount(1);

  await rows.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`${token.slice(0, 10)}…`);
  await expect(dialog).toContainText(new RegExp(`created ${new Date().toISOString().slice(0, 10)} \\d\\d:\\d\\d UTC`));
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
});

test("modelreg login: a taken --token-name is refused in one line; the default name is numbered", async ({ baseURL }) => {
  const run = promisify(execFile);
  const cli = async (args: string[], dir: string) => {
    try {
      const { stdout, stderr } = await run("node", [path.join(process.cwd(), "cli", "bin.mjs"), ...args], {
        env: { ...process.env, MODELREG_CONFIG_DIR: dir, MODELREG_HOST: "", MODELREG_TOKEN: "" },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  };
  const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "mr-ux-")));
  try {
    const tokenName = unique("ci-");
    const first = await cli(["login", "--host", baseURL!, "-u", "carol", "-p", DEMO_PASSWORD, "--token-name", tokenName], dirs[0]);
    expect(first.code, first.stderr).toBe(0);
    const second = await cli(["login", "--host", baseURL!, "-u", "carol", "-p", DEMO_PASSWORD, "--token-name", tokenName], dirs[1]);
    expect(second.code).not.toBe(0);
    expect(second.stderr.trim()).toBe(
      `modelreg: error: You already have a token named '${tokenName}' on ${baseURL}: choose another --token-name, or revoke that token on the Access tokens page.`,
    );
    // two logins from one machine with the default name both work
    for (const d of [dirs[1], dirs[2]]) {
      const r = await cli(["login", "--host", baseURL!, "-u", "carol", "-p", DEMO_PASSWORD], d);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const d of dirs) await cli(["logout"], d);
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});

test("the version form shows every mistake of a submit at once, wants numeric metrics and mentions no API-only option", async ({ page }) => {
  await signIn(page, "bob");
  await page.goto("/acme/fraud-detector/versions/new");
  const form = page.getByRole("form", { name: "Register a version" });
  await form.getByLabel("Name", { exact: true }).fill("has spaces");
  await form.getByLabel("Metrics").fill("accuracy = high\nauc = 0.97");
  await form.getByLabel("Params").fill("optimizer = adam\njust words");
  await form.getByRole("button", { name: "Register version" }).click();
  await expect(form).toContainText("may contain letters, digits");
  await expect(form).toContainText("'accuracy' is not a number: metrics are numbers (put text in params)");
  await expect(form).toContainText("line 2: expected 'key = value'");
  // what was typed is kept; text params are fine once the line is fixed
  await expect(form.getByLabel("Metrics")).toHaveValue("accuracy = high\nauc = 0.97");

  // a taken name: choose another, no "force"
  await form.getByLabel("Name", { exact: true }).fill("v1");
  await form.getByLabel("Metrics").fill("auc = 0.97");
  await form.getByLabel("Params").fill("optimizer = adam");
  await form.getByRole("button", { name: "Register version" }).click();
  await expect(form).toContainText("'v1' is taken in acme/fraud-detector: choose another name");
  await expect(form).not.toContainText("force");
});

test("the 404 page offers Sign in only to signed-out visitors; every page has a favicon", async ({ browser, request }) => {
  const anon = await as(browser, null);
  expect((await anon.goto("/acme/no-such-model-here"))?.status()).toBe(404);
  await expect(anon.getByRole("link", { name: "Sign in" }).last()).toBeVisible();
  await expect(anon.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveCount(1);
  const bob = await as(browser, "bob");
  expect((await bob.goto("/acme/no-such-model-here"))?.status()).toBe(404);
  await expect(bob.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(bob.getByRole("link", { name: "Sign in" })).toHaveCount(0);

  const href = await anon.locator('head link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/icon/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test("snippets show the address the page was served from, not localhost:3000", async ({ browser, baseURL }) => {
  const anon = await as(browser, null);
  await anon.goto("/");
  await expect(anon.locator("pre")).toContainText(`modelreg login --host ${baseURL} -u demo`);
  expect(await anon.content()).not.toContain("localhost:3000");
});

test("a list being sorted or paged is dimmed and aria-busy until the next page is there", async ({ page }) => {
  await signIn(page, "demo");
  await page.goto("/acme/fraud-detector/versions");
  const table = page.getByRole("table", { name: "Versions" });
  await expect(table).toBeVisible();
  // Hold the next page's server answer back, as a loaded server would.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/acme\/fraud-detector\/versions\?/, async (route) => {
    if (route.request().headers().rsc) await held;
    await route.continue();
  });
  const region = page.locator("[aria-busy]");
  await expect(region).toHaveCount(0);
  await table.getByRole("columnheader", { name: "Name", exact: true }).getByRole("link").click();
  await expect(region).toHaveAttribute("aria-busy", "true");
  await expect(region).toHaveAttribute("data-pending", "");
  release();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(page.locator("[aria-busy]")).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "descending");
});
