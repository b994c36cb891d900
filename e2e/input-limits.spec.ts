// Input limits and security headers as a browser or client meets them: JSON bodies over the cap are a 413
// before they are read, every page carries a nonce CSP that Next's own scripts satisfy (the page still
// hydrates, with no CSP violation), API answers and downloads are nosniff, user files are inert attachments,
// and a NUL in the sign-in form is a message naming the field, not a server error.
import http from "node:http";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, unique } from "./helpers";

function rawPost(base: string, path: string, opts: { headers: Record<string, string>; chunks: Buffer[]; gapMs?: number }) {
  const url = new URL(base);
  return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, method: "POST", path, headers: opts.headers, agent: false }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    (async () => {
      for (const c of opts.chunks) {
        if (answered) return; // the server has answered: stop sending, as a client should
        req.write(c);
        sent += c.length;
        await new Promise((r) => setTimeout(r, opts.gapMs ?? 0));
      }
      if (!answered && opts.headers["content-length"] === undefined) req.end();
    })();
  });
}

test("a JSON body declared over 1 MiB is refused with 413 before it is sent", async ({ baseURL }) => {
  // 100 MiB announced, 1 KiB sent: the answer comes without the rest ever arriving.
  const res = await rawPost(baseURL!, "/api/v1/orgs", {
    headers: { "content-type": "application/json", "content-length": String(100 * 1024 * 1024) },
    chunks: [Buffer.alloc(1024, 0x20)],
  });
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).detail).toMatch(/larger than 1 MiB.*MODELREG_MAX_JSON_BODY/);
});

test("a chunked JSON body is counted while it streams and refused just past 1 MiB", async ({ baseURL }) => {
  const chunks = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 0x20)); // 4 MiB on offer
  const res = await rawPost(baseURL!, "/api/v1/auth/token", {
    headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    chunks,
    gapMs: 15,
  });
  expect(res.status).toBe(413);
  expect(res.sent).toBeLessThan(2 * 1024 * 1024);
});

test("pages carry a nonce CSP that Next's scripts use, and the page hydrates without violations", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/acme/fraud-detector/versions");
  const headers = res!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // every script in the HTML carries this response's nonce
  const html = await res!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s, s).toContain(`nonce="${nonce}"`);
  // a fresh nonce per request
  const again = await request.get("/acme/fraud-detector/versions");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce!);
  // hydrated: the sign-in form submits through JavaScript (a full-page post would reload /login)
  await page.goto("/login");
  await page.getByLabel("Username or email").fill("demo");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a NUL in the sign-in form is a message naming the field", async ({ page }) => {
  await page.goto("/login");
  const login = page.getByLabel("Username or email");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await login.evaluate((el: HTMLInputElement) => {
    el.value = "de\u0000mo";
  });
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("login: must not contain NUL characters")).toBeVisible();
});

test("API answers and user files are nosniff; an uploaded HTML or SVG file is an inert attachment", async ({ request }) => {
  const health = await request.get("/api/v1/health");
  expect(health.headers()["x-content-type-options"]).toBe("nosniff");
  const tok = await request.post("/api/v1/auth/token", { data: { username: "demo", password: DEMO_PASSWORD } });
  const auth = { authorization: `Bearer ${(await tok.json()).token}` };
  const org = unique("inl-");
  expect((await request.post("/api/v1/orgs", { headers: auth, data: { name: org } })).status()).toBe(201);
  expect((await request.post(`/api/v1/${org}/projects/create`, { headers: auth, data: { name: "p" } })).status()).toBeLessThan(300);
  expect((await request.post(`/api/v1/${org}/p/versions/model`, { headers: auth, data: { name: "v1" } })).status()).toBeLessThan(300);
  for (const [file, type, body] of [
    ["page.html", "text/html", "<script>alert(document.cookie)</script>"],
    ["pic.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
  ]) {
    const put = await request.put(`/api/v1/${org}/p/versions/model/v1/files/${file}`, { headers: { ...auth, "content-type": type }, data: body });
    expect(put.status(), await put.text()).toBeLessThan(300);
    const get = await request.get(`/api/v1/${org}/p/versions/model/v1/files/${file}`, { headers: auth });
    expect(get.status()).toBe(200);
    expect(get.headers()["content-disposition"]).toMatch(/^attachment/);
    expect(get.headers()["x-content-type-options"]).toBe("nosniff");
    expect(get.headers()["content-security-policy"]).toMatch(/sandbox/);
  }
});

test("a malformed multipart POST to a page is a 400, not a server error", async ({ request }) => {
  const res = await request.post("/acme/fraud-detector", { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "garbage" });
  expect(res.status()).toBe(400);
});

test("a malformed multipart POST to a path under /api/ that is no API route is the route table's JSON 404, its body unread", async ({ request }) => {
  const res = await request.post("/api/p1/versions/model/v1/copy", { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "garbage" });
  expect(res.status()).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
});

test("the sign-in endpoint refuses a body declared over the cap", async ({ baseURL }) => {
  const res = await rawPost(baseURL!, "/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(50 * 1024 * 1024) },
    chunks: [Buffer.from("login=demo&password=")],
  });
  expect(res.status).toBe(413);
});
