// Models in a real browser: create one, edit its card and tags, make it public and read it signed
// out, restrict it to a team (a non-member gets a 404), rename it, share it with an outsider, switch
// a feature off, delete it behind the name-confirm dialog; the organization page's PQL search; and
// the `modelreg project` commands against the same server.
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

async function saveAndWait(page: Page, form: string, button = "Save") {
  const f = page.getByRole("form", { name: form });
  await f.getByRole("button", { name: button }).click();
  await expect(f.getByRole("status")).toBeVisible();
}

test("create a model, edit its card and tags, publish it, restrict it to a team, delete it", async ({ page, browser }) => {
  const name = unique("e2e-proj-");
  await signIn(page, "demo");
  await page.goto("/acme");
  await page.getByRole("link", { name: "New model" }).click();
  await expect(page.getByRole("heading", { name: "Create a model" })).toBeVisible();
  await page.getByLabel("Model name").fill(name);
  await page.getByLabel("Description").fill("Made by the projects e2e");
  await page.getByLabel("Tags").fill("e2e, tabular");
  await page.getByLabel("README (model card)").fill("# First card\n\nDraft.");
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${name}$`));
  await expect(page.getByRole("heading", { name: "First card" })).toBeVisible();
  await expect(page.getByLabel("About this model")).toContainText("Private");

  // a taken name says so, and keeps what was typed
  await page.goto("/acme/new");
  await page.getByLabel("Model name").fill(name);
  await page.getByLabel("Description").fill("kept");
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page.getByText(`A model named '${name}' already exists in acme.`)).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue("kept");

  // edit the card (with a script that must not run) and the tags
  await page.goto(`/acme/${name}/settings`);
  const general = page.getByRole("form", { name: "General settings" });
  await general
    .getByLabel("README (model card, markdown)")
    .fill('# My card\n\nIt <script>window.pwned=1</script> predicts <img src=x onerror="window.pwned=2"> things.');
  await general.getByRole("tab", { name: "Preview" }).click();
  await expect(general.getByRole("tabpanel", { name: "Preview" }).getByRole("heading", { name: "My card" })).toBeVisible();
  await general.getByRole("tab", { name: "Write" }).click();
  await general.getByLabel("Tags").fill("e2e, nlp");
  await saveAndWait(page, "General settings");
  await page.goto(`/acme/${name}`);
  await expect(page.getByRole("heading", { name: "My card" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.getByRole("list", { name: "Tags" })).toHaveText(/e2e\s*nlp/);

  // make it public through the Visibility page's dialog
  await page.goto(`/acme/${name}/settings/visibility`);
  await page.getByRole("button", { name: "Make public" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, make it public" }).click();
  await expect(page.getByText("The model is now public.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Make private" })).toBeVisible();

  // signed out: readable, no edit controls, settings do not exist
  const anon = await as(browser, null);
  expect((await anon.goto(`/acme/${name}`))?.status()).toBe(200);
  await expect(anon.getByRole("heading", { name: "My card" })).toBeVisible();
  await expect(anon.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(anon.getByRole("link", { name: "Edit model card" })).toHaveCount(0);
  expect((await anon.goto(`/acme/${name}/settings`))?.status()).toBe(404);
  expect((await anon.request.get(`/api/v1/acme/${name}`)).status()).toBe(200);

  // private again, restricted to team vision: bob (in vision) sees it, carol (not in it) gets a 404
  await page.goto(`/acme/${name}/settings/visibility`);
  await page.getByRole("button", { name: "Make private" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, make it private" }).click();
  await expect(page.getByText("The model is now private.")).toBeVisible();
  await page.goto(`/acme/${name}/settings/access`);
  const restrict = page.getByRole("form", { name: "Restrict to teams" });
  await restrict.getByLabel("vision").check();
  await restrict.getByRole("button", { name: "Save" }).click();
  // vision has no admin: alice (admin by organization role) would lose it, so the form asks first and changes nothing
  await expect(restrict.getByRole("alert")).toContainText("no one but the owners and managers of acme could administer");
  await page.goto(`/acme/${name}/settings/access`);
  await expect(page.getByRole("table", { name: "Who has access" })).toContainText("admin via organization role admin");
  await restrict.getByLabel("vision").check();
  await restrict.getByRole("button", { name: "Save" }).click();
  await restrict.getByLabel("I understand, make this change anyway").check();
  await saveAndWait(page, "Restrict to teams", "Confirm and save");
  await page.reload();
  const who = page.getByRole("table", { name: "Who has access" });
  await expect(who).toContainText("member via team vision");
  await expect(who).toContainText("admin via organization role owner");
  await expect(who).not.toContainText("carol");
  expect((await anon.goto(`/acme/${name}`))?.status()).toBe(404);
  expect((await anon.request.get(`/api/v1/acme/${name}`)).status()).toBe(404);
  const carol = await as(browser, "carol");
  expect((await carol.goto(`/acme/${name}`))?.status()).toBe(404);
  await carol.goto("/acme");
  await expect(carol.getByRole("list", { name: "Models" })).not.toContainText(name);
  const bob = await as(browser, "bob");
  expect((await bob.goto(`/acme/${name}`))?.status()).toBe(200);
  // bob is a member of the model, not an admin: no settings
  await expect(bob.getByRole("link", { name: "Settings" })).toHaveCount(0);
  expect((await bob.goto(`/acme/${name}/settings`))?.status()).toBe(404);

  // delete behind the dialog that asks for the name
  await page.goto(`/acme/${name}/settings/danger`);
  await page.getByRole("button", { name: "Delete this model" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete model" })).toBeDisabled();
  await dialog.getByLabel("Name to confirm").fill(`${name}-typo`);
  await expect(dialog.getByRole("button", { name: "Delete model" })).toBeDisabled();
  await dialog.getByLabel("Name to confirm").fill(name);
  await dialog.getByRole("button", { name: "Delete model" }).click();
  // the page it lands on says so (and the notice's parameter leaves the address bar)
  await expect(page.getByRole("status").filter({ hasText: "Deleted model" })).toHaveText(`Deleted model acme/${name}.`);
  await expect(page).toHaveURL(/\/acme$/);
  await expect(page.getByRole("list", { name: "Models" })).not.toContainText(name);
  expect((await page.goto(`/acme/${name}`))?.status()).toBe(404);
});

test("rename, share with an outsider by email, switch a feature off", async ({ page, browser }) => {
  const name = unique("e2e-ren-");
  await signIn(page, "alice");
  await page.goto("/acme/new");
  await page.getByLabel("Model name").fill(name);
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${name}$`));
  await expect(page.getByRole("heading", { name: "No model card yet" })).toBeVisible();

  // rename: the page follows to the new address and the old one is a 404
  await page.goto(`/acme/${name}/settings`);
  await page.getByLabel("Model name").fill(`${name}-v2`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${name}-v2/settings\\?renamed=`));
  await expect(page.getByText(`Renamed from ${name}`)).toBeVisible();
  expect((await page.goto(`/acme/${name}`))?.status()).toBe(404);
  const renamed = `${name}-v2`;

  // dave is not in acme: a grant by email lets him read the private model
  const dave = await as(browser, "dave");
  expect((await dave.goto(`/acme/${renamed}`))?.status()).toBe(404);
  await page.goto(`/acme/${renamed}/settings/access`);
  const grant = page.getByRole("form", { name: "Grant access" });
  await grant.getByLabel("Username or email").fill("nobody@example.com");
  await grant.getByRole("button", { name: "Grant access" }).click();
  await expect(grant.getByText("No account with the username or email 'nobody@example.com'.")).toBeVisible();
  await grant.getByLabel("Username or email").fill("dave@example.com");
  await grant.getByLabel("Role").selectOption("viewer");
  await grant.getByRole("button", { name: "Grant access" }).click();
  await expect(page.getByRole("list", { name: "Direct grants" })).toContainText("outside collaborator");
  await expect(page.getByRole("table", { name: "Who has access" })).toContainText("viewer via direct grant");
  expect((await dave.goto(`/acme/${renamed}`))?.status()).toBe(200);
  await expect(dave.getByText("your role: viewer")).toBeVisible();
  // and removing the grant takes it away again
  await page.getByRole("button", { name: "Remove dave's grant" }).click();
  await expect(page.getByText("No one has a direct grant.")).toBeVisible();
  expect((await dave.goto(`/acme/${renamed}`))?.status()).toBe(404);

  // switch runs off: the tab disappears
  await page.goto(`/acme/${renamed}`);
  await expect(page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Runs" })).toBeVisible();
  await page.goto(`/acme/${renamed}/settings/features`);
  await page.getByLabel(/^Runs/).uncheck();
  await saveAndWait(page, "Features");
  await page.goto(`/acme/${renamed}`);
  await expect(page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Runs" })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("list", { name: "Activity" })).toContainText("switched off runs");
  await expect(page.getByRole("list", { name: "Activity" })).toContainText(`renamed the model from ${name} to ${renamed}`);
});

test("the organization page: PQL query and sort kept in the URL, errors shown, visibility respected", async ({ page, browser }) => {
  await signIn(page, "demo");
  await page.goto("/acme");
  const search = page.getByRole("search", { name: "Search models" });
  await search.getByLabel("Query").fill("tags:fraud|vision");
  await search.getByLabel("Sort").selectOption("name");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/query=tags%3Afraud%7Cvision/);
  await expect(page).toHaveURL(/sort=name/);
  const models = page.getByRole("list", { name: "Models" });
  await expect(models.locator(":scope > li")).toHaveCount(2);
  await expect(models.locator(":scope > li").first()).toContainText("fraud-detector");
  await expect(models.locator(":scope > li").last()).toContainText("vision-classifier");

  await search.getByLabel("Query").fill("nme:fraud");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/unknown field 'nme' at position 0/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "No model matches this query" })).toBeVisible();

  // signed out: the public model only, and a query that finds a private one finds nothing
  const anon = await as(browser, null);
  await anon.goto("/acme");
  await expect(anon.getByRole("list", { name: "Models" })).toContainText("fraud-detector");
  await expect(anon.getByRole("list", { name: "Models" })).not.toContainText("churn");
  await expect(anon.getByRole("link", { name: "New model" })).toHaveCount(0);
  await anon.goto("/acme?query=name:churn");
  await expect(anon.getByRole("heading", { name: "No model matches this query" })).toBeVisible();
  expect((await anon.goto("/acme/churn"))?.status()).toBe(404);
});

const run = promisify(execFile);
const BIN = path.join(process.cwd(), "cli", "bin.mjs");

test("modelreg project create | ls | get | update | delete", async ({ baseURL, request }) => {
  const res = await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD, name: unique("projects e2e ") } });
  expect(res.status()).toBe(201);
  const { token } = await res.json();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-proj-cli-"));
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run("node", [BIN, ...args], {
        env: { ...process.env, MODELREG_CONFIG_DIR: dir, MODELREG_HOST: baseURL!, MODELREG_TOKEN: token },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  };
  const name = unique("e2e-cli-");
  try {
    const created = await cli("project", "create", "--name", `acme/${name}`, "--description", "from the CLI", "--tags", "cli,e2e");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created acme/${name} (private).`);
    const again = await cli("project", "create", "--name", `acme/${name}`);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*\[409 conflict\]/);

    const ls = await cli("project", "ls", "-o", "acme", "-q", `name:${name}`, "--json");
    expect(ls.code, ls.stderr).toBe(0);
    expect(JSON.parse(ls.stdout)).toMatchObject({ count: 1, results: [{ owner: "acme", name, tags: ["cli", "e2e"], is_public: false }] });
    const table = await cli("project", "ls", "-o", "acme", "-s", "name");
    expect(table.stdout).toMatch(/NAME\s+VISIBILITY/);
    expect(table.stdout).toContain("acme/fraud-detector");

    const updated = await cli("project", "update", "-p", `acme/${name}`, "--description", "changed", "--public", "--json");
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ description: "changed", is_public: true });
    const got = await cli("project", "get", "-p", `acme/${name}`);
    expect(got.stdout).toMatch(/visibility:\s+public/);
    expect(got.stdout).toMatch(/your role:\s+admin/);

    const refused = await cli("project", "delete", "-p", `acme/${name}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("add -y");
    const deleted = await cli("project", "delete", "-p", `acme/${name}`, "-y");
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await cli("project", "get", "-p", `acme/${name}`);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("[404 not_found]");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
