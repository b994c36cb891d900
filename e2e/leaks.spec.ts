// What must not leak, and what must not change: a public version never names the private project its run lives
// in (acme/fraud-detector's versions come from runs of the private acme/training); a deleted team-restricted
// model's activity stays with those who could see it; a production version is read-only but for its stage.
import { expect, test, type APIRequestContext } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e leaks ") } });
  expect(res.status()).toBe(201);
  return (await res.json()).token;
}
const as = (token: string) => ({ authorization: `Bearer ${token}` });

test("a public version's private run project is 'private' to outsiders — in the API and on the page — and named for members", async ({ page, request }) => {
  const anon = await request.get("/api/v1/acme/fraud-detector/versions/model?limit=50");
  expect(anon.status()).toBe(200);
  const text = await anon.text();
  expect(text).not.toContain("acme/training");
  const { results } = JSON.parse(text) as { results: { name: string; run_project: string | null; run_url: string | null }[] };
  const promoted = results.filter((v) => v.run_project !== null);
  expect(promoted.length).toBeGreaterThan(0);
  for (const v of promoted) expect(v).toMatchObject({ run_project: "private", run_url: null });
  // dave is signed in but not a member of acme: the same.
  expect(
    await (await request.get("/api/v1/acme/fraud-detector/versions/model?limit=50", { headers: as(await tokenFor(request, "dave")) })).text(),
  ).not.toContain("acme/training");
  // bob is a member: the real name.
  const bob = await (
    await request.get(`/api/v1/acme/fraud-detector/versions/model/${promoted[0].name}`, { headers: as(await tokenFor(request, "bob")) })
  ).json();
  expect(bob.run_project).toBe("acme/training");

  // The version page, signed out: the lineage says private, with no link into acme/training.
  await page.goto(`/acme/fraud-detector/versions/${promoted[0].name}`);
  await expect(page.getByText("A run of a private project")).toBeVisible();
  await expect(page.locator('a[href^="/acme/training"]')).toHaveCount(0);
  expect(await page.content()).not.toContain("acme/training/runs");
});

test("a deleted team-restricted model's activity: hidden from a plain member, shown to an org admin and to its team", async ({ request }) => {
  const demo = await tokenFor(request, "demo");
  const model = unique("gone-");
  expect((await request.post("/api/v1/acme/projects/create", { headers: as(demo), data: { name: model } })).status()).toBeLessThan(300);
  expect((await request.patch(`/api/v1/acme/${model}/settings`, { headers: as(demo), data: { teams: ["vision"], confirm: true } })).status()).toBe(200); // no admin left but owners: confirmed
  expect((await request.post(`/api/v1/acme/${model}/versions/model`, { headers: as(demo), data: { name: "secret-v1" } })).status()).toBe(201);
  expect((await request.delete(`/api/v1/acme/${model}`, { headers: as(demo) })).status()).toBeLessThan(300);
  const log = async (user: string) => (await request.get("/api/v1/orgs/acme/activities?limit=100", { headers: as(await tokenFor(request, user)) })).text();
  expect(await log("carol")).not.toContain(model); // viewer of acme, not in team vision
  expect(await log("alice")).toContain(model); // org admin
  expect(await log("bob")).toContain(model); // in team vision: could see it
});

test("a production version is read-only: a member sees the form read-only, an admin may edit only its documentation", async ({ page, request }) => {
  const demo = await tokenFor(request, "demo");
  const model = unique("frozen-");
  expect((await request.post("/api/v1/acme/projects/create", { headers: as(demo), data: { name: model } })).status()).toBeLessThan(300);
  expect(
    (await request.post(`/api/v1/acme/${model}/versions/model`, { headers: as(demo), data: { name: "v1", meta_info: { metrics: { auc: 0.97 } } } })).status(),
  ).toBe(201);
  expect(
    (await request.post(`/api/v1/acme/${model}/versions/model/v1/stages`, { headers: as(demo), data: { condition: { type: "production" } } })).status(),
  ).toBe(200);
  // The API: member 403, admin 409 for contents.
  const bob = await tokenFor(request, "bob");
  expect((await request.patch(`/api/v1/acme/${model}/versions/model/v1`, { headers: as(bob), data: { description: "x" } })).status()).toBe(403);
  const alice = await tokenFor(request, "alice");
  expect((await request.patch(`/api/v1/acme/${model}/versions/model/v1`, { headers: as(alice), data: { meta_info: {} } })).status()).toBe(409);

  await signIn(page, "bob");
  await page.goto(`/acme/${model}/versions/v1/edit`);
  await expect(page.getByText(/is in the protected stage 'production': it is read-only/)).toBeVisible();
  await expect(page.getByLabel("Description")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, "alice");
  await page.goto(`/acme/${model}/versions/v1/edit`);
  await expect(page.getByText(/its contents are read-only \(move it out first\)/)).toBeVisible();
  await expect(page.getByLabel("Metrics")).toBeDisabled();
  await expect(page.getByLabel("Name")).toBeDisabled();
  await page.getByLabel("Description").fill("Documented while in production");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/acme/${model}/versions/v1$`));
  const v = await (await request.get(`/api/v1/acme/${model}/versions/model/v1`, { headers: as(alice) })).json();
  expect(v).toMatchObject({ description: "Documented while in production", stage: "production", meta_info: { metrics: { auc: 0.97 } } });
});
