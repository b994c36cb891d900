// The inbox: bob (member) asks through the API to move the protected @champion on a model that requires
// approval; alice (admin) sees the header badge, approves from the inbox, and bob's list shows the outcome.
import { expect, test, type APIRequestContext } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e inbox ") } });
  expect(res.status()).toBeLessThan(300);
  return (await res.json()).token;
}

test("approve a protected alias move from the inbox", async ({ page, request }) => {
  test.setTimeout(120_000);
  const model = unique("inbox-");
  const alice = { authorization: `Bearer ${await tokenFor(request, "alice")}` };
  const bob = { authorization: `Bearer ${await tokenFor(request, "bob")}` };
  expect((await request.post("/api/v1/acme/projects/create", { headers: alice, data: { name: model } })).status()).toBeLessThan(300);
  expect((await request.patch(`/api/v1/acme/${model}/settings`, { headers: alice, data: { require_approval: true } })).status()).toBe(200);
  for (const name of ["v1", "v2"]) expect((await request.post(`/api/v1/acme/${model}/versions/model`, { headers: alice, data: { name } })).status()).toBe(201);
  expect((await request.put(`/api/v1/acme/${model}/aliases/champion`, { headers: alice, data: { version: "v1" } })).status()).toBe(201);
  const asked = await request.put(`/api/v1/acme/${model}/aliases/champion`, { headers: bob, data: { version: "v2", reason: "Won the shadow test" } });
  expect(asked.status()).toBe(202);

  await signIn(page, "alice");
  await expect(page.getByTestId("inbox-count")).toBeVisible();
  await page.getByRole("link", { name: /^Inbox/ }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  const item = page.getByRole("listitem", { name: `alias request acme/${model} @champion` });
  await expect(item).toContainText("bob asks to point @champion at v2 (now on v1)");
  await expect(item).toContainText("Won the shadow test");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText(`Approved: acme/${model} @champion → v2.`);
  await expect(page.getByRole("listitem", { name: `alias request acme/${model} @champion` })).toHaveCount(0);

  const aliases = await (await request.get(`/api/v1/acme/${model}/aliases`, { headers: alice })).json();
  expect(aliases.results).toMatchObject([{ alias: "champion", version: "v2", updated_by: "alice" }]);
  const mine = await (await request.get("/api/v1/requests", { headers: bob })).json();
  expect(mine.results.find((r: { project: string }) => r.project === model)).toMatchObject({
    kind: "alias",
    alias: "champion",
    status: "approved",
    decided_by: "alice",
    mine: true,
  });
  expect((await request.get("/api/v1/requests")).status()).toBe(401);
});
