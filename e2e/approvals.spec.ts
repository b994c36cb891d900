// The approval workflow for protected stages in the browser: on a model that requires approval (made here
// through the API, not the seed), bob (member) asks to move a version to production; alice (admin) sees the
// request and rejects it; bob asks again and withdraws; asks once more and alice approves from the keyboard.
// carol (viewer) sees the request without buttons; signed out, the API answers 401, not 403.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e approvals ") } });
  expect(res.status()).toBe(201);
  return (await res.json()).token;
}

async function askForProduction(page: Page, reason: string) {
  await page.getByRole("button", { name: "Change stage" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("needs a project admin's approval")).toBeVisible();
  await dialog.getByLabel("Move to").selectOption("production");
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByRole("button", { name: "Request approval" }).click();
  await expect(dialog).toBeHidden();
}

test("a member asks, an admin rejects, the member withdraws, an admin approves", async ({ page, browser, request }) => {
  const model = unique("appr-");
  const token = await tokenFor(request, "alice");
  const auth = { authorization: `Bearer ${token}` };
  // a public model of acme that requires approval (production is protected by default), with one version
  expect((await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model, is_public: true } })).status()).toBe(201);
  expect((await request.patch(`/api/v1/acme/${model}/settings`, { headers: auth, data: { require_approval: true } })).status()).toBe(200);
  expect((await request.post(`/api/v1/acme/${model}/versions/model`, { headers: auth, data: { name: "v1" } })).status()).toBe(201);
  const page1 = `/acme/${model}/versions/v1`;
  const stagesApi = `/api/v1/acme/${model}/versions/model/v1/stages`;

  // signed out: a write is a 401 (sign in), not a 403
  const anon = await request.post(stagesApi, { data: { condition: { type: "staging" } } });
  expect(anon.status()).toBe(401);
  expect((await anon.json()).error.code).toBe("unauthorized");

  // bob (member) is offered production "needs approval" and asks for it
  await signIn(page, "bob");
  await page.goto(page1);
  await expect(page.getByText("needs a project admin's approval: choose it and your request waits for one.")).toBeVisible();
  await askForProduction(page, "Offline eval passed");
  const banner = page.getByRole("region", { name: "Pending stage request" });
  await expect(banner).toContainText("You asked to move this version from testing to production");
  await expect(banner).toContainText("Offline eval passed");
  await expect(banner.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  await expect(page.getByRole("complementary", { name: "Version details" }).locator("[data-stage]").first()).toHaveText("testing");
  const history = page.getByRole("list", { name: "Stage history" });
  await expect(history.locator("li").first()).toContainText("awaiting approval");
  await expect(history.locator("li").first()).toContainText("asked by bob");

  // alice (admin) sees the request flagged on the model's overview and in the versions list, then who asked,
  // and rejects with a note
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice");
  await alice.goto(`/acme/${model}`);
  await expect(alice.getByRole("link", { name: "1 stage request awaits approval" })).toBeVisible();
  await alice.goto(`/acme/${model}/versions`);
  await expect(alice.getByRole("table", { name: "Versions" }).getByText("→ production?")).toBeVisible();
  await alice.goto(page1);
  const aliceBanner = alice.getByRole("region", { name: "Pending stage request" });
  await expect(aliceBanner).toContainText("bob asked to move this version from testing to production");
  await aliceBanner.getByLabel("Note for the history").fill("Wait for the fairness report");
  await aliceBanner.getByRole("button", { name: "Reject" }).click();
  await expect(aliceBanner).toBeHidden();
  const aliceHistory = alice.getByRole("list", { name: "Stage history" });
  await expect(aliceHistory.locator("li").first()).toContainText("rejected");
  await expect(aliceHistory.locator("li").first()).toContainText("Wait for the fairness report");
  await expect(aliceHistory.locator("li").nth(1)).toContainText("requested");

  // bob asks again, and withdraws it himself
  await page.reload();
  await askForProduction(page, "Fairness report attached");
  await banner.getByRole("button", { name: "Withdraw request" }).click();
  await expect(banner).toBeHidden();
  await expect(history.locator("li").first()).toContainText("withdrawn");

  // a third time; carol (viewer) sees the request but no buttons
  await askForProduction(page, "Fairness report attached, again");
  const carol = await (await browser.newContext()).newPage();
  await signIn(carol, "carol");
  await carol.goto(page1);
  const carolBanner = carol.getByRole("region", { name: "Pending stage request" });
  await expect(carolBanner).toContainText("bob asked to move this version");
  await expect(carolBanner.getByRole("button")).toHaveCount(0);

  // alice approves from the keyboard: the version moves, the history says who asked and who approved
  await alice.reload();
  const approve = aliceBanner.getByRole("button", { name: "Approve move to production" });
  await approve.focus();
  await alice.keyboard.press("Enter");
  await expect(aliceBanner).toBeHidden();
  await expect(aliceHistory.locator("li").first()).toContainText("approved by alice, requested by bob");
  await expect(alice.getByRole("complementary", { name: "Version details" }).locator("[data-stage]").first()).toHaveText("production");
  const stages = await (await request.get(stagesApi)).json();
  expect(stages.stage).toBe("production");
  expect(stages.stage_conditions.map((c: { status: string }) => c.status)).toEqual([
    "True",
    "Requested",
    "Rejected",
    "Requested",
    "Withdrawn",
    "Requested",
    "True",
  ]);
});

test("through the API: 202 pending for a member, 409 for a second request and for a stale approval", async ({ request }) => {
  const model = unique("appr-api-");
  const [alice, bob] = [await tokenFor(request, "alice"), await tokenFor(request, "bob")];
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  await request.post("/api/v1/acme/projects/create", { headers: as(alice), data: { name: model, is_public: false } });
  await request.patch(`/api/v1/acme/${model}/settings`, { headers: as(alice), data: { require_approval: true } });
  await request.post(`/api/v1/acme/${model}/versions/model`, { headers: as(bob), data: { name: "v1" } });
  const stages = `/api/v1/acme/${model}/versions/model/v1/stages`;

  const asked = await request.post(stages, { headers: as(bob), data: { condition: { type: "production", status: true, reason: "CliStageUpdate" } } });
  expect(asked.status()).toBe(202);
  const body = await asked.json();
  expect(Object.keys(body).sort()).toEqual(["stage", "stage_conditions", "uuid"]);
  expect(body.stage).toBe("testing");
  expect(body.stage_conditions.at(-1)).toMatchObject({ type: "production", status: "Pending" });

  const twice = await request.post(stages, { headers: as(bob), data: { condition: { type: "production" } } });
  expect(twice.status()).toBe(409);
  expect((await twice.json()).error.code).toBe("conflict");
  expect((await request.post(`${stages}/approve`, { headers: as(bob) })).status()).toBe(403);

  // the version moves to staging meanwhile: approving the request from testing is refused
  expect((await request.post(stages, { headers: as(bob), data: { condition: { type: "staging" } } })).status()).toBe(200);
  const stale = await request.post(`${stages}/approve`, { headers: as(alice), data: {} });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.message).toMatch(/moved from testing to staging/);
  expect((await request.post(`${stages}/reject`, { headers: as(alice), data: { reason: "Stale" } })).status()).toBe(200);
  // signed out, a private model does not exist
  expect((await request.post(`${stages}/approve`, { data: {} })).status()).toBe(404);
});

test("an admin turns approvals on, and protects staging, on the model's stage settings", async ({ page, request }) => {
  const model = unique("appr-set-");
  const token = await tokenFor(request, "alice");
  const auth = { authorization: `Bearer ${token}` };
  expect((await request.post("/api/v1/acme/projects/create", { headers: auth, data: { name: model } })).status()).toBe(201);
  await signIn(page, "alice");
  await page.goto(`/acme/${model}/settings/stages`);
  const form = page.getByRole("form", { name: "Protected stages" });
  await expect(form.getByLabel("Protect production")).toBeChecked();
  await form.getByLabel("Protect staging").check();
  await form.getByRole("checkbox", { name: /Members may request protected moves/ }).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  const settings = await (await request.get(`/api/v1/acme/${model}/settings`, { headers: auth })).json();
  expect(settings).toMatchObject({ require_approval: true });
  expect([...settings.protected_stages].sort()).toEqual(["production", "staging"]);
  await page.reload();
  await expect(page.getByRole("form", { name: "Protected stages" }).getByRole("checkbox", { name: /Members may request protected moves/ })).toBeChecked();
});
