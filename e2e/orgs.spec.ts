// Organizations in the browser: an owner adds a member and builds a team, the new member sees the
// organization; a viewer sees no edit controls; an organization is created and deleted.
// The new member is a freshly signed-up user (not the seeded `dave`): other specs, which may run at
// the same time on the same server, rely on dave staying an outsider of acme.
import { expect, test, type Page } from "./fixtures";
import { signIn, signOut, unique } from "./helpers";

async function signUp(page: Page, username: string, password: string) {
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Full name").fill("Dave Newcomer");
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${username}`));
}

test("an owner adds a member and a team; the new member signs in and sees the organization", async ({ page, browser }) => {
  const newcomer = unique("dave");
  const password = "newcomer-password-1";
  const team = unique("squad-");
  const other = await browser.newPage();
  await signUp(other, newcomer, password);
  await other.close();

  await signIn(page, "demo");
  await page.goto("/acme/settings/members");
  await page.getByLabel("Username or email").fill(newcomer);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added ${newcomer} as member.` })).toBeVisible();
  const row = page.getByTestId(`member-${newcomer}`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("combobox", { name: `Role of ${newcomer}` })).toHaveValue("member");
  // adding the same person twice is refused, and what was typed stays
  await page.getByLabel("Username or email").fill(newcomer);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator("#field-user-error")).toContainText("already a member");
  await expect(page.getByLabel("Username or email")).toHaveValue(newcomer);

  await page.goto("/acme/settings/teams");
  await page.getByLabel("Team name").fill(team);
  await page.getByLabel("Description").fill("Made by the e2e suite");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/settings/teams/${team}$`));
  await expect(page.getByRole("heading", { name: team })).toBeVisible();
  await expect(page.getByText("Nobody in this team yet")).toBeVisible();
  await page.getByLabel("Member", { exact: true }).fill(newcomer);
  await page.getByLabel("Team role").selectOption("admin");
  await page.getByRole("button", { name: "Add to team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added ${newcomer} as admin.` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Team members" }).getByText(`@${newcomer}`)).toBeVisible();

  // the activity page tells the story, newest first
  await page.goto("/acme/settings/activity");
  const activity = page.getByRole("table");
  // Other specs write acme's activity at the same time: look for the row, not at a position.
  await expect(activity).toContainText(`added to team ${team}/${newcomer}`);
  await expect(activity).toContainText(`added member ${newcomer}`);
  await expect(activity).toContainText(`created team ${team}`);
  await signOut(page);

  await signIn(page, newcomer, password);
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Organizations" }).getByText("Acme Corp")).toBeVisible();
  await page.goto("/acme");
  await expect(page.getByRole("heading", { name: /Acme Corp/ })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Members" })).toBeVisible();
  await page.goto(`/acme/settings/teams/${team}`);
  await expect(page.getByRole("table", { name: "Team members" }).getByText(`@${newcomer}`)).toBeVisible();

  // cleanup through the UI: the member leaves
  await page.goto("/acme/settings/members");
  await page.getByTestId(`member-${newcomer}`).getByRole("button", { name: "Leave" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Leave organization" }).click();
  await expect(page).toHaveURL(/\/\?left=acme/);
  const res = await page.goto("/acme/settings/members");
  expect(res?.status()).toBe(404);
});

test("a viewer sees members and teams but no edit controls", async ({ page }) => {
  await signIn(page, "carol");
  await page.goto("/acme/settings");
  await expect(page).toHaveURL(/\/acme\/settings\/members$/);
  await expect(page.getByRole("table", { name: "Members" }).getByText("@demo")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(page.getByText("@demo · demo@example.com")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Organization settings" }).getByRole("link")).toHaveText(["Members", "Teams", "Activity"]);

  await page.goto("/acme/settings/teams");
  await expect(page.getByRole("link", { name: "vision" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create team" })).toHaveCount(0);
  await page.getByRole("link", { name: "vision" }).click();
  await expect(page.getByRole("table", { name: "Team members" }).getByText("@bob")).toBeVisible();
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Remove|Add to team|Save|Delete team/ })).toHaveCount(0);

  for (const path of ["/acme/settings/danger"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
});

test("outsiders and signed-out visitors get a 404 for the organization's settings", async ({ page }) => {
  for (const path of ["/acme/settings", "/acme/settings/members", "/acme/settings/teams/vision", "/acme/settings/activity"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await signIn(page, "dave");
  for (const path of ["/acme/settings/members", "/acme/settings/teams"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test("create an organization, change a member's role, rename it, and delete it behind the name check", async ({ page }) => {
  const name = unique("e2e-org-");
  await signIn(page, "alice");
  await page.goto("/orgs/new");
  await page.getByLabel("Display name").fill("E2E Org");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Description").fill("Temporary");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${name}\\?created=1`));
  await expect(page.getByRole("heading", { name: /E2E Org/ })).toBeVisible();

  // a name that is taken keeps the form filled
  await page.goto("/orgs/new");
  await page.getByLabel("Organization name").fill("acme");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.locator("#field-name-error")).toContainText("taken");

  await page.goto(`/${name}/settings/members`);
  await page.getByLabel("Username or email").fill("bob@example.com");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId("member-bob")).toBeVisible();
  await page.getByRole("combobox", { name: "Role of bob" }).selectOption("manager");
  await expect(page.getByTestId("member-bob")).toContainText("Saved");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Role of bob" })).toHaveValue("manager");
  // the last owner cannot demote themselves: the refusal is shown on the row
  await page.getByRole("combobox", { name: "Role of alice" }).selectOption("admin");
  await expect(page.getByTestId("member-alice")).toContainText("last owner");

  await page.goto(`/${name}/settings`);
  await page.getByLabel("Display name").fill("E2E Org Renamed");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByLabel("Organization name").fill(`${name}-x`);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page).toHaveURL(new RegExp(`/${name}-x/settings\\?renamed=1`));
  expect((await page.goto(`/${name}/settings`))?.status()).toBe(404);

  await page.goto(`/${name}-x/settings/danger`);
  await page.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Delete organization" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Organization name").fill("wrong");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Organization name").fill(`${name}-x`);
  await confirm.click();
  // the home page says so, then takes the notice's parameter out of the address bar
  await expect(page.getByRole("status").filter({ hasText: `Deleted organization ${name}-x.` })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  expect((await page.goto(`/${name}-x`))?.status()).toBe(404);
});
