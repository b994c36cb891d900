// Two instances behind one PostgreSQL and one S3 bucket, as behind a load balancer (e2e/serve.mjs starts the
// S3 instance and its twin together on one fresh database): what one writes, the other reads — models,
// versions, files, tokens, sessions —; rate limits count across both; the migrations ran once although both
// started at once; and each webhook event is delivered once although both instances run the delivery worker.
import { expect, request as newRequest, test, type APIRequestContext } from "./fixtures";
import postgres from "postgres";
import { startReceiver } from "../lib/webhooks/receiver.testing";
import { baseUrl, s3, twin } from "./servers.mjs";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

const A = baseUrl(s3.appPort);
const B = baseUrl(twin.appPort);
let a: APIRequestContext;
let b: APIRequestContext;

test.beforeAll(async () => {
  a = await newRequest.newContext({ baseURL: A });
  b = await newRequest.newContext({ baseURL: B });
});
test.afterAll(async () => {
  await a.dispose();
  await b.dispose();
});

async function tokenFrom(ctx: APIRequestContext, username = "alice") {
  const res = await ctx.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("multi ") } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test("a write through one instance is read through the other: models, versions, files and tokens", async () => {
  const token = await tokenFrom(a);
  const model = unique("multi-");
  // A token made on A authenticates on B.
  expect((await b.get("/api/v1/users", { headers: bearer(token) })).status()).toBe(200);

  expect((await a.post("/api/v1/acme/projects/create", { data: { name: model }, headers: bearer(token) })).status()).toBe(201);
  const seen = await b.get(`/api/v1/acme/${model}`, { headers: bearer(token) });
  expect(seen.status()).toBe(200);
  expect((await seen.json()).name).toBe(model);

  expect((await b.post(`/api/v1/acme/${model}/versions/model`, { data: { name: "v1" }, headers: bearer(token) })).status()).toBe(201);
  // The next v{n} is gapless across instances: one sequence in the database.
  const v2 = await a.post(`/api/v1/acme/${model}/versions/model`, { data: {}, headers: bearer(token) });
  expect((await v2.json()).name).toBe("v2");

  const bytes = Buffer.from(`weights ${model} `.repeat(4096));
  const files = `/api/v1/acme/${model}/versions/model/v1/files`;
  expect((await a.put(`${files}/model.bin`, { data: bytes, headers: bearer(token) })).status()).toBe(201);
  const down = await b.get(`${files}/model.bin`, { headers: bearer(token) });
  expect(down.status()).toBe(200);
  expect(Buffer.compare(await down.body(), bytes)).toBe(0);

  // A stage change on B shows in A's history.
  expect(
    (
      await b.post(`/api/v1/acme/${model}/versions/model/v1/stages`, {
        data: { condition: { type: "staging", status: "True", reason: "multi" } },
        headers: bearer(token),
      })
    ).ok(),
  ).toBe(true);
  const v1 = await a.get(`/api/v1/acme/${model}/versions/model/v1`, { headers: bearer(token) });
  expect((await v1.json()).stage).toBe("staging");

  // A token made on B works on A too.
  expect((await a.get("/api/v1/users", { headers: bearer(await tokenFrom(b)) })).status()).toBe(200);
});

test("a session signed in on one instance is signed in on the other", async ({ page }) => {
  await signIn(page, "bob");
  // Cookies are per host, not per port: the same browser now asks the twin.
  await page.goto(`${B}/`);
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
  await page.goto(`${B}/settings/tokens`);
  await expect(page).toHaveURL(`${B}/settings/tokens`);
});

test("rate limits count across instances: failed sign-ins on A and B share one account budget", async () => {
  // The account budget is 10 failures per 10 minutes (MODELREG_LOGIN_ACCOUNT_LIMIT); dave is not used by the
  // other specs on this pair of instances.
  const attempt = (ctx: APIRequestContext, password: string) => ctx.post("/api/v1/auth/token", { data: { username: "dave", password, name: "x" } });
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 ? b : a, `wrong-${i}`)).status());
  expect(statuses.every((s) => s === 401)).toBe(true);
  // Either instance now refuses, even the right password.
  expect((await attempt(a, DEMO_PASSWORD)).status()).toBe(429);
  expect((await attempt(b, DEMO_PASSWORD)).status()).toBe(429);
});

test("the migrations ran once although both instances started at once", async () => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `${u.pathname}_s3`;
  const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ hash: string; n: number }[]>`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // The demo was seeded once too.
    const [orgs] = await sql<{ n: number }[]>`select count(*)::int as n from organizations where name = 'acme'`;
    expect(orgs.n).toBe(1);
  } finally {
    await sql.end();
  }
});

test("each webhook event is delivered once, though both instances run the delivery worker", async () => {
  const receiver = await startReceiver();
  try {
    const token = await tokenFrom(a);
    const model = unique("hooked-");
    expect((await a.post("/api/v1/acme/projects/create", { data: { name: model }, headers: bearer(token) })).status()).toBe(201);
    const hook = await b.post(`/api/v1/acme/${model}/webhooks`, { data: { url: receiver.url, events: ["version.created"] }, headers: bearer(token) });
    expect(hook.status()).toBe(201);
    const n = 6;
    for (let i = 1; i <= n; i++) {
      const res = await (i % 2 ? a : b).post(`/api/v1/acme/${model}/versions/model`, { data: { name: `v${i}` }, headers: bearer(token) });
      expect(res.status()).toBe(201);
    }
    const created = () => receiver.received.filter((r) => r.headers["x-modelreg-event"] === "version.created");
    await expect.poll(() => created().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
    // Both workers poll every 200 ms: give a duplicate every chance to arrive.
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = created().map((r) => String(r.headers["x-modelreg-delivery"]));
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    // One delivery per version: each names a different one.
    const bodies = created().map((r) => r.body.match(/"v\d+"/)?.[0]);
    expect(new Set(bodies).size).toBe(n);
  } finally {
    await receiver.close();
  }
});
