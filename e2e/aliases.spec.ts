// Aliases in the browser, on a model made here through the API: bob (member) sets @canary on v1 and moves it
// to v2 (the form says what it moves first); the stage timeline shows the move, the overview the chips, and
// the API resolves @canary. A protected alias (champion) is refused to bob and set by alice (admin).
import { expect, test, type APIRequestContext } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e aliases ") } });
  expect(res.status()).toBeLessThan(300);
  return (await res.json()).token;
}

test("set and move an alias from the version page; the timeline and the overview show it", async ({ page, browser, request }) => {
  test.setTimeout(180_000); // two browsers and a dozen page loads on a shared machine
  const model = unique("alias-");
  const auth = { authorization: `Bearer ${await tokenFor(request, "alice")}` };
  expect((await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model } })).status()).toBeLessThan(300);
  for (const name of ["v1", "v2"]) expect((await request.post(`/api/v1/acme/${model}/versions/model`, { headers: auth, data: { name } })).status()).toBe(201);

  await signIn(page, "bob");
  await page.goto(`/acme/${model}/versions/v1`);
  const side = page.getByRole("complementary", { name: "Version details" });
  const form = side.getByRole("form", { name: "Set an alias" });
  await form.getByLabel("Set an alias on v1").fill("canary");
  await form.getByRole("button", { name: "Set" }).click();
  await expect(side.getByRole("status")).toHaveText("@canary set on v1.");
  await expect(side.getByRole("list", { name: "Aliases of this version" })).toHaveText(/@canary/);

  await page.goto(`/acme/${model}/versions/v2`);
  await form.getByLabel("Set an alias on v2").fill("canary");
  await expect(form).toContainText("@canary is on v1: setting it here moves it.");
  await form.getByRole("button", { name: "Move here" }).click();
  await expect(side.getByRole("status")).toHaveText("@canary now points at v2.");
  await expect(page.getByRole("list", { name: "Stage history" }).locator("li").first()).toContainText("@canary moved here from v1");
  await expect(page.getByRole("list", { name: "Stage history" }).locator("li").first()).toContainText("by bob");

  // v1 lost it, and its history says where it went
  await page.goto(`/acme/${model}/versions/v1`);
  await expect(side.getByText("No alias points here.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Stage history" }).locator("li").first()).toContainText("@canary moved to v2");

  // a protected alias: bob is told, and refused
  await form.getByLabel("Set an alias on v1").fill("champion");
  await expect(form).toContainText("@champion is protected: only project admins may move it.");
  await form.getByRole("button", { name: "Set" }).click();
  await expect(side.getByRole("alert")).toContainText("needs admin access");

  // alice sets it; the overview shows both chips
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice");
  await alice.goto(`/acme/${model}/versions/v1`);
  const aliceForm = alice.getByRole("form", { name: "Set an alias" });
  await aliceForm.getByLabel("Set an alias on v1").fill("champion");
  await aliceForm.getByRole("button", { name: "Set" }).click();
  await expect(alice.getByRole("complementary", { name: "Version details" }).getByRole("status")).toHaveText("@champion set on v1.");
  await alice.goto(`/acme/${model}`);
  const chips = alice.getByRole("list", { name: "Aliases" });
  await expect(chips.getByRole("listitem")).toHaveText([/@canary.*v2/, /@champion.*v1/]);
  await chips.getByRole("link", { name: /@champion/ }).click();
  await expect(alice).toHaveURL(new RegExp(`/acme/${model}/versions/v1$`));

  // the API resolves the alias and lists both
  const read = await request.get(`/api/v1/acme/${model}/versions/model/@canary`, { headers: auth });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ name: "v2", aliases: ["canary"] });
  const list = await (await request.get(`/api/v1/acme/${model}/aliases`, { headers: auth })).json();
  expect(list).toMatchObject({
    count: 2,
    results: [
      { alias: "canary", version: "v2" },
      { alias: "champion", version: "v1" },
    ],
  });
});

test("the demo's fraud-detector shows @champion on its production version", async ({ page }) => {
  await page.goto("/acme/fraud-detector");
  await expect(page.getByRole("list", { name: "Aliases" })).toContainText("@champion");
});

test("an exclusive production move says what it will retire before it is confirmed", async ({ page, request }) => {
  const model = unique("excl-");
  const auth = { authorization: `Bearer ${await tokenFor(request, "alice")}` };
  // a new model holds one version in production (the default)
  expect((await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model } })).status()).toBeLessThan(300);
  for (const name of ["v1", "v2"]) expect((await request.post(`/api/v1/acme/${model}/versions/model`, { headers: auth, data: { name } })).status()).toBe(201);
  expect((await request.post(`/api/v1/acme/${model}/versions/model/v1/stages`, { headers: auth, data: { condition: { type: "production" } } })).status()).toBe(
    200,
  );

  await signIn(page, "alice");
  await page.goto(`/acme/${model}/versions/v2`);
  await page.getByRole("button", { name: "Change stage" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Move to").selectOption("production");
  await expect(dialog.getByRole("status")).toHaveText("production holds one version: v1 will move to staging in the same change.");
  await dialog.getByLabel("Move to").selectOption("disabled");
  await expect(dialog.getByText("holds one version")).toHaveCount(0);
  await dialog.getByLabel("Move to").selectOption("production");
  await dialog.getByRole("button", { name: "Change stage" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("complementary", { name: "Version details" }).locator("[data-stage]").first()).toHaveText("production");
  const v1 = await (await request.get(`/api/v1/acme/${model}/versions/model/v1/stages`, { headers: auth })).json();
  expect(v1.stage).toBe("staging");
  expect(v1.stage_conditions.at(-1)).toMatchObject({ type: "staging", reason: "Replaced by v2" });
});

test("an admin sets the exclusive stages and the protected aliases in Settings → Stages", async ({ page, request }) => {
  test.setTimeout(120_000);
  const model = unique("alias-set-");
  const auth = { authorization: `Bearer ${await tokenFor(request, "alice")}` };
  expect((await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model } })).status()).toBe(201);

  await signIn(page, "alice");
  await page.goto(`/acme/${model}/settings/stages`);
  const exclusive = page.getByRole("form", { name: "Exclusive stages" });
  await expect(exclusive.getByLabel("At most one version in production")).toBeChecked(); // new models: production
  await exclusive.getByLabel("At most one version in staging").check();
  await exclusive.getByRole("combobox").selectOption("disabled");
  await exclusive.getByRole("button", { name: "Save" }).click();
  await expect(exclusive.getByRole("status")).toContainText("Saved.");

  const aliases = page.getByRole("form", { name: "Protected aliases" });
  await expect(aliases.getByRole("textbox")).toHaveValue("champion");
  await aliases.getByRole("textbox").fill("champion, @gold");
  await aliases.getByRole("button", { name: "Save" }).click();
  await expect(aliases.getByRole("status")).toContainText("Saved.");

  const settings = await (await request.get(`/api/v1/acme/${model}/settings`, { headers: auth })).json();
  expect([...settings.exclusive_stages].sort()).toEqual(["production", "staging"]);
  expect(settings).toMatchObject({ exclusive_fallback: "disabled", protected_aliases: ["champion", "gold"] });

  // a bad alias name is refused with the reason, and nothing changes
  await aliases.getByRole("textbox").fill("v3");
  await aliases.getByRole("button", { name: "Save" }).click();
  await expect(aliases.getByRole("alert")).toContainText("may not look like a version name");
  expect((await (await request.get(`/api/v1/acme/${model}/settings`, { headers: auth })).json()).protected_aliases).toEqual(["champion", "gold"]);
});
