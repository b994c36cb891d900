// Version files in a real browser and over real HTTP: upload by file input, keyboard and
// drag-and-drop on the version page, see it in the browser, download it and compare bytes; delete
// as an admin; read-only protected versions; a client that disconnects mid-upload; traversal tricks
// sent raw on the wire.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";

const port = Number(process.env.E2E_PORT || "3100");
const dataDir = path.resolve(process.env.MODELREG_DATA_DIR || ".e2e-data");
const blobDir = path.join(dataDir, "blobs");
const MODEL = "acme/fraud-detector";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: "e2e files" } });
  expect(res.ok()).toBe(true);
  return (await res.json()).token;
}

async function newVersion(request: APIRequestContext, token: string): Promise<string> {
  const name = unique("files-");
  const res = await request.post(`/api/v1/${MODEL}/versions/model`, { data: { name }, headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(201);
  return name;
}

const filesApi = (version: string) => `/api/v1/${MODEL}/versions/model/${version}/files`;
const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function blobFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(blobDir, p));
    }
  };
  walk(blobDir);
  return out.sort();
}

async function filesCard(page: Page) {
  const card = page.getByRole("region", { name: "Files", exact: true });
  await expect(card).toBeVisible();
  return card;
}

test("a member uploads by file input and by drag-and-drop, sees the files, and downloads the same bytes", async ({ page, request }) => {
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  await signIn(page, "bob");
  await page.goto(`/${MODEL}/versions/${version}`);
  const card = await filesCard(page);
  await expect(card.getByText("No files in this version yet.")).toBeVisible();

  // 1. The file input (what the "Choose files…" button opens), into a folder.
  const weights = crypto.randomBytes(300_000);
  await card.getByLabel("Into folder").fill("weights");
  await card.getByLabel("Choose files to upload").setInputFiles({ name: "model.bin", mimeType: "application/octet-stream", buffer: weights });
  await expect(card.getByRole("list", { name: "Uploads" }).getByText("Uploaded")).toBeVisible();
  await expect(card.getByRole("progressbar", { name: "Upload of weights/model.bin" })).toHaveAttribute("aria-valuenow", "100");
  await expect(card.getByRole("button", { name: "weights/", exact: true })).toBeVisible();
  await expect(card.getByRole("cell", { name: "model.bin", exact: true })).toBeVisible();
  await expect(card.getByText(sha(weights).slice(0, 12))).toBeVisible();

  // 2. Drag and drop.
  await card.getByLabel("Into folder").fill("");
  const dropped = "a,b\n1,2\n";
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "metrics.csv", { type: "text/csv" }));
    return dt;
  }, dropped);
  const zone = card.getByTestId("file-drop-zone");
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
  await expect(card.getByRole("cell", { name: "metrics.csv", exact: true })).toBeVisible();

  // 3. Download through the browser and compare bytes.
  const downloadPromise = page.waitForEvent("download");
  await card.getByRole("link", { name: "Download weights/model.bin" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("model.bin");
  const got = fs.readFileSync(await download.path());
  expect(got.equals(weights)).toBe(true);

  // The API agrees, with the checksum as ETag.
  const res = await request.get(`${filesApi(version)}/weights/model.bin`);
  expect(res.status()).toBe(200);
  expect(res.headers()["etag"]).toBe(`"${sha(weights)}"`);
  expect(res.headers()["content-length"]).toBe(String(weights.length));
  expect(res.headers()["content-disposition"]).toMatch(/^attachment/);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await res.body()).equals(weights)).toBe(true);
  const csv = await request.get(`${filesApi(version)}/metrics.csv`);
  expect(await csv.text()).toBe(dropped);
});

test("the uploader works from the keyboard", async ({ page, request }) => {
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  await signIn(page, "bob");
  await page.goto(`/${MODEL}/versions/${version}`);
  const card = await filesCard(page);
  const button = card.getByRole("button", { name: "Choose files…" });
  await button.focus();
  await expect(button).toBeFocused();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "readme.md", mimeType: "text/markdown", buffer: Buffer.from("# Hello") });
  await expect(card.getByRole("cell", { name: "readme.md", exact: true })).toBeVisible();
});

test("an admin deletes a file; a viewer sees no uploader; a protected version is read-only", async ({ page, request }) => {
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  const put = await request.put(`${filesApi(version)}/doomed.txt`, { data: Buffer.from("bye"), headers: { authorization: `Bearer ${token}` } });
  expect(put.status()).toBe(201);

  await signIn(page, "carol"); // viewer
  await page.goto(`/${MODEL}/versions/${version}`);
  let card = await filesCard(page);
  await expect(card.getByRole("cell", { name: "doomed.txt", exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "Choose files…" })).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Delete doomed.txt" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, "alice"); // admin
  await page.goto(`/${MODEL}/versions/${version}`);
  card = await filesCard(page);
  await card.getByRole("button", { name: "Delete doomed.txt" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete file" }).click();
  await expect(card.getByText("No files in this version yet.")).toBeVisible();
  expect((await request.get(`${filesApi(version)}/doomed.txt`)).status()).toBe(404);

  // The seeded production version: files read-only for everyone, admins included.
  const prod = await request.get(`/api/v1/${MODEL}/versions/model?query=stage:production&limit=1`);
  const prodName = (await prod.json()).results[0].name as string;
  await page.goto(`/${MODEL}/versions/${prodName}`);
  card = await filesCard(page);
  await expect(card.getByText(/protected stage 'production'.*read-only/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Choose files…" })).toHaveCount(0);
  const adminToken = await tokenFor(request, "alice");
  const refused = await request.put(`${filesApi(prodName)}/late.txt`, { data: Buffer.from("x"), headers: { authorization: `Bearer ${adminToken}` } });
  expect(refused.status()).toBe(409);
});

test("signed-out callers read public files, never private ones", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  await request.put(`${filesApi(version)}/public.txt`, { data: Buffer.from("hello"), headers: { authorization: `Bearer ${token}` } });
  const anon = await request.get(`${filesApi(version)}/public.txt`, { headers: { cookie: "" } });
  expect(anon.status()).toBe(200);
  expect((await request.get(`/api/v1/acme/churn/versions/model/v1/files`)).status()).toBe(404);
  const upload = await request.put(`${filesApi(version)}/anon.txt`, { data: Buffer.from("x") });
  expect(upload.status()).toBe(403);
});

/** A raw HTTP request: the path goes on the wire exactly as written (no client normalisation). */
function raw(method: string, rawPath: string, opts: { token?: string; body?: Buffer } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path: rawPath, headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { "content-length": opts.body.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

test("traversal tricks sent raw on the wire never read or write outside the version", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  const base = filesApi(version);
  const tricks = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%252e%252e/%252e%252e/etc/passwd",
    "..\\..\\..\\etc\\passwd",
    "..%5c..%5cetc%5cpasswd",
    "/etc/passwd",
    "//proc/self/root/etc/passwd",
    "model.bin%23/../../../etc/passwd",
    "model.bin%3F/../../../etc/passwd",
    "model%00.bin",
    "a".repeat(300),
  ];
  const before = blobFiles();
  for (const trick of tricks) {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const r = await raw(method, `${base}/${trick}`, { token, body: method === "PUT" ? Buffer.from("pwned") : undefined });
      // Our handler answers 400; tricks Next resolves before routing end on another route (404/405)
      // or a redirect (308). None may succeed, and none may return a system file.
      expect([400, 404, 405, 308], `${method} ${trick} → ${r.status} ${r.body.slice(0, 120)}`).toContain(r.status);
      expect(r.body).not.toMatch(/root:.*:0:0:/);
    }
  }
  expect(blobFiles()).toEqual(before);
  expect(blobFiles().some((f) => f.endsWith(sha(Buffer.from("pwned"))))).toBe(false);
});

test("a client that disconnects mid-upload leaves no file and no blob", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  const before = blobFiles();
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "PUT",
      path: `${filesApi(version)}/cut.bin`,
      headers: { authorization: `Bearer ${token}`, "content-length": String(20 * 1024 * 1024) },
    });
    req.on("error", () => resolve());
    req.on("close", () => resolve());
    req.write(crypto.randomBytes(4 * 1024 * 1024), () => setTimeout(() => req.destroy(), 300));
  });
  // The server notices the reset, fails the body, and cleans up.
  await expect.poll(() => blobFiles().filter((f) => f.startsWith(".tmp")), { timeout: 10_000 }).toEqual([]);
  expect(blobFiles()).toEqual(before);
  expect((await request.get(`${filesApi(version)}/cut.bin`)).status()).toBe(404);
});
