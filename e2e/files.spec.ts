// Version files in a real browser and over real HTTP: upload by file input, keyboard and
// drag-and-drop on the version page, see it in the browser, download it and compare bytes; delete
// as an admin; read-only protected versions; a client that disconnects mid-upload; traversal tricks
// sent raw on the wire.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { DEMO_PASSWORD, signIn, unique } from "./helpers";
import { dataDir, port, s3 } from "./servers.mjs";

// The project ("local" or "s3") decides which instance and which store: see e2e/servers.mjs.
const onS3 = () => test.info().project.name === "s3";
const appPort = () => (onS3() ? s3.appPort : port);
const MODEL = "acme/fraud-detector";

async function tokenFor(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD, name: unique("e2e files ") } });
  expect(res.status()).toBe(201);
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

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out.push(path.relative(root, p));
    }
  };
  visit(root);
  return out.sort();
}

/**
 * Everything the blob store holds, as paths under its root: the blob folder on local disk; on S3, s3rver's
 * files for the bucket (objects under the prefix, and any pending multipart parts, which count as leftovers).
 */
function blobFiles(): string[] {
  if (!onS3()) return walk(path.join(dataDir, "blobs"));
  const bucket = path.join(s3.dir, s3.bucket);
  return walk(bucket).map((f) => (f.startsWith(`${s3.prefix}/`) ? f.slice(s3.prefix.length + 1) : `(bucket)/${f}`));
}

/** Half-written things: temp blobs, and on S3 multipart parts never completed. */
const leftovers = (files: string[]) => files.filter((f) => f.startsWith(".tmp") || f.includes("_S3rver_uploads"));

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
  // The bytes are in this project's store (local folder or the S3 bucket), under their sha256.
  expect(blobFiles().filter((f) => f.includes(sha(weights)) && !leftovers([f]).length)).not.toEqual([]);

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
  expect(res.headers().etag).toBe(`"${sha(weights)}"`);
  expect(res.headers()["content-length"]).toBe(String(weights.length));
  expect(res.headers()["content-disposition"]).toMatch(/^attachment/);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await res.body()).equals(weights)).toBe(true);
  const csv = await request.get(`${filesApi(version)}/metrics.csv`);
  expect(await csv.text()).toBe(dropped);
});

test("on S3 the browser uploads straight to the bucket (hashed first, committed after); locally through the app", async ({ page, request }) => {
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  await signIn(page, "bob");
  const puts: string[] = [];
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT") puts.push(r.url());
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  const warnings: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "warning") warnings.push(m.text());
  });
  const res = await page.goto(`/${MODEL}/versions/${version}`);
  const csp = (await res?.allHeaders())?.["content-security-policy"] ?? "";
  const card = await filesCard(page);

  // Over one hash slice (4 MiB), so "Checking" reads the file in several.
  const weights = crypto.randomBytes(5 * 1024 * 1024 + 123);
  await card.getByLabel("Choose files to upload").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: weights });
  await expect(card.getByRole("list", { name: "Uploads" }).getByText("Uploaded")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole("cell", { name: "big.bin", exact: true })).toBeVisible();

  const appFilePuts = puts.filter((u) => new URL(u).pathname.startsWith(`${filesApi(version)}/`));
  const versionApi = `/api/v1/${MODEL}/versions/model/${version}`;
  if (onS3()) {
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
    expect(appFilePuts).toEqual([]);
    const bucketPuts = puts.filter((u) => new URL(u).port !== String(appPort()));
    expect(bucketPuts).toHaveLength(1);
    expect(bucketPuts[0]).toContain(`/${s3.bucket}/${s3.prefix}/.staging/`);
    expect(bucketPuts[0]).toContain("X-Amz-Signature=");
    expect(posts).toEqual(expect.arrayContaining([`${versionApi}/uploads`, `${versionApi}/uploads/commit`]));
    expect(warnings.filter((w) => w.includes("bucket"))).toEqual([]);
  } else {
    expect(csp).toContain("connect-src 'self';");
    expect(appFilePuts).toHaveLength(1);
    expect(puts).toHaveLength(1);
    expect(posts.filter((p) => p.startsWith(`${versionApi}/uploads`))).toEqual([]);
  }
  // Recorded with the bytes' sha256, and the download gives the same bytes.
  await expect(card.getByText(sha(weights).slice(0, 12))).toBeVisible();
  const downloadPromise = page.waitForEvent("download");
  await card.getByRole("link", { name: "Download big.bin" }).click();
  expect(fs.readFileSync(await (await downloadPromise).path()).equals(weights)).toBe(true);
  expect(blobFiles().filter((f) => f.includes(sha(weights)) && !f.includes(".staging"))).not.toEqual([]);

  // The same bytes again under another name: already the model's, so on S3 nothing is sent (plan `none`, commit).
  puts.length = 0;
  await card.getByRole("button", { name: "Clear list" }).click();
  await card.getByLabel("Choose files to upload").setInputFiles({ name: "copy.bin", mimeType: "application/octet-stream", buffer: weights });
  await expect(card.getByRole("cell", { name: "copy.bin", exact: true })).toBeVisible({ timeout: 30_000 });
  expect(puts).toHaveLength(onS3() ? 0 : 1);
});

test("a bucket without a CORS rule: the uploader falls back to the app for the rest of the session", async ({ page, request }) => {
  test.skip(!onS3(), "only the S3 instance uploads to a bucket");
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  await signIn(page, "bob");
  // As a bucket without CORS answers the browser: the request fails at the network level.
  await page.route(
    (url) => url.port !== String(appPort()),
    (route) => route.abort("failed"),
  );
  const warnings: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "warning") warnings.push(m.text());
  });
  const appPuts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT" && new URL(r.url()).port === String(appPort())) appPuts.push(r.url());
  });
  await page.goto(`/${MODEL}/versions/${version}`);
  const card = await filesCard(page);
  const a = crypto.randomBytes(2000);
  const b = crypto.randomBytes(3000);
  await card.getByLabel("Choose files to upload").setInputFiles([
    { name: "a.bin", mimeType: "application/octet-stream", buffer: a },
    { name: "b.bin", mimeType: "application/octet-stream", buffer: b },
  ]);
  await expect(card.getByRole("cell", { name: "a.bin", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole("cell", { name: "b.bin", exact: true })).toBeVisible();
  expect(appPuts.map((u) => new URL(u).pathname)).toEqual([`${filesApi(version)}/a.bin`, `${filesApi(version)}/b.bin`]);
  expect(warnings.some((w) => /through the app/.test(w))).toBe(true);
  const got = await request.get(`${filesApi(version)}/b.bin`);
  expect(Buffer.from(await got.body()).equals(b)).toBe(true);
});

test("on S3 cancel works while checking and while uploading, and stores nothing", async ({ page, request }) => {
  test.skip(!onS3(), "only the S3 instance hashes before uploading");
  const token = await tokenFor(request, "bob");
  const version = await newVersion(request, token);
  await signIn(page, "bob");
  // Hold the bucket's PUT so the upload stays in progress until cancelled.
  await page.route(
    (url) => url.port !== String(appPort()),
    async (route) => {
      await new Promise((r) => setTimeout(r, 15_000));
      await route.continue().catch(() => undefined);
    },
  );
  await page.goto(`/${MODEL}/versions/${version}`);
  const card = await filesCard(page);
  const shots = process.env.E2E_SHOTS;
  const drop = async (name: string, size: number) => {
    const dt = await page.evaluateHandle(
      ({ name, size }) => {
        const d = new DataTransfer();
        d.items.add(new File([new Uint8Array(size).fill(7)], name, { type: "application/octet-stream" }));
        return d;
      },
      { name, size },
    );
    const zone = card.getByTestId("file-drop-zone");
    await zone.dispatchEvent("dragover", { dataTransfer: dt });
    await zone.dispatchEvent("drop", { dataTransfer: dt });
  };
  // A big file: hashing takes a while, so "Checking" is seen, then cancelled.
  await drop("huge.bin", 400 * 1024 * 1024);
  const uploads = card.getByRole("list", { name: "Uploads" });
  await expect(uploads.getByText(/^Checking \d+%$/)).toBeVisible();
  if (shots) await card.screenshot({ path: `${shots}/uploader-checking.png` });
  await card.getByRole("button", { name: "Cancel huge.bin" }).click();
  await expect(uploads.getByText("Cancelled; nothing was stored.")).toBeVisible();

  // A small one reaches the bucket's PUT (held), then is cancelled there.
  await drop("held.bin", 100_000);
  await expect(uploads.getByText(/^\d+%$/)).toBeVisible({ timeout: 10_000 });
  if (shots) {
    await card.screenshot({ path: `${shots}/uploader-uploading.png` });
    await page.emulateMedia({ colorScheme: "dark" });
    await card.screenshot({ path: `${shots}/uploader-uploading-dark.png` });
    await page.emulateMedia({ colorScheme: "light" });
  }
  await card.getByRole("button", { name: "Cancel held.bin" }).click();
  await expect(uploads.getByText("Cancelled; nothing was stored.")).toHaveCount(2);
  const list = await request.get(filesApi(version), { headers: { authorization: `Bearer ${token}` } });
  expect((await list.json()).results ?? []).toEqual([]);
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

test("over HTTP: checksum header, ranges, conditional GET, dedupe, listing and delete", async ({ request }) => {
  const token = await tokenFor(request, "alice");
  const auth = { authorization: `Bearer ${token}` };
  const version = await newVersion(request, token);
  const body = crypto.randomBytes(70_000);
  const digest = sha(body);

  const wrong = await request.put(`${filesApi(version)}/bad.bin`, { data: body, headers: { ...auth, "x-checksum-sha256": "0".repeat(64) } });
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).error.message).toMatch(/sha256/i);
  expect((await request.get(`${filesApi(version)}/bad.bin`)).status()).toBe(404);

  const put = await request.put(`${filesApi(version)}/data/a.bin`, { data: body, headers: { ...auth, "x-checksum-sha256": digest } });
  expect(put.status()).toBe(201);
  expect(await put.json()).toMatchObject({ path: "data/a.bin", size: body.length, sha256: digest });
  // The same bytes under a second name: one more row, no second blob.
  const blobsBefore = blobFiles().filter((f) => f.includes(digest)).length;
  expect((await request.put(`${filesApi(version)}/data/b.bin`, { data: body, headers: auth })).status()).toBe(201);
  expect(blobFiles().filter((f) => f.includes(digest)).length).toBe(blobsBefore);

  const part = await request.get(`${filesApi(version)}/data/a.bin`, { headers: { range: "bytes=1000-1999" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 1000-1999/${body.length}`);
  expect((await part.body()).equals(body.subarray(1000, 2000))).toBe(true);
  const tail = await request.get(`${filesApi(version)}/data/a.bin`, { headers: { range: "bytes=-10" } });
  expect((await tail.body()).equals(body.subarray(body.length - 10))).toBe(true);
  expect((await request.get(`${filesApi(version)}/data/a.bin`, { headers: { range: `bytes=${body.length}-` } })).status()).toBe(416);
  expect((await request.get(`${filesApi(version)}/data/a.bin`, { headers: { "if-none-match": `"${digest}"` } })).status()).toBe(304);

  const list = await request.get(filesApi(version));
  expect(list.status()).toBe(200);
  const listed = await list.json();
  expect(listed.results.map((f: { path: string }) => f.path).sort()).toEqual(["data/a.bin", "data/b.bin"]);

  expect((await request.delete(`${filesApi(version)}/data/a.bin`, { headers: auth })).status()).toBe(204);
  expect((await request.get(`${filesApi(version)}/data/a.bin`)).status()).toBe(404);
  const still = await request.get(`${filesApi(version)}/data/b.bin`);
  expect((await still.body()).equals(body)).toBe(true);
});

test("signed-out callers read public files, never private ones", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  await request.put(`${filesApi(version)}/public.txt`, { data: Buffer.from("hello"), headers: { authorization: `Bearer ${token}` } });
  const anon = await request.get(`${filesApi(version)}/public.txt`, { headers: { cookie: "" } });
  expect(anon.status()).toBe(200);
  expect((await request.get(`/api/v1/acme/churn/versions/model/v1/files`)).status()).toBe(404);
  const upload = await request.put(`${filesApi(version)}/anon.txt`, { data: Buffer.from("x") });
  expect(upload.status()).toBe(401);
});

/** A raw HTTP request: the path goes on the wire exactly as written (no client normalisation). */
function raw(method: string, rawPath: string, opts: { token?: string; body?: Buffer } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: appPort(),
        method,
        path: rawPath,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { "content-length": opts.body.length } : {}) },
      },
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

/**
 * What each trick answers, per method: our handler's 400, every one. The route table sees the raw path (no
 * framework resolves `..`, backslashes or doubled slashes before it), and the file path check refuses them all.
 */
const TRICK_TABLE: [string, { GET: number; PUT: number; DELETE: number }][] = [
  ["../../../../../../etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["..%2f..%2f..%2f..%2fetc%2fpasswd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["%2e%2e/%2e%2e/%2e%2e/etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["%252e%252e/%252e%252e/etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["..\\..\\..\\etc\\passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["..%5c..%5cetc%5cpasswd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["/etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["//proc/self/root/etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["model.bin%23/../../../etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["model.bin%3F/../../../etc/passwd", { GET: 400, PUT: 400, DELETE: 400 }],
  ["model%00.bin", { GET: 400, PUT: 400, DELETE: 400 }],
  ["a".repeat(300), { GET: 400, PUT: 400, DELETE: 400 }],
];
const TRICK_ANSWERS: Record<string, number> = Object.fromEntries(
  TRICK_TABLE.flatMap(([trick, byMethod]) => Object.entries(byMethod).map(([m, status]) => [`${m} ${trick}`, status])),
);

test("traversal tricks sent raw on the wire never read or write outside the version", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  const base = filesApi(version);
  const tricks = TRICK_TABLE.map(([trick]) => trick);
  const before = blobFiles();
  const answers: Record<string, number> = {};
  for (const trick of tricks) {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const r = await raw(method, `${base}/${trick}`, { token, body: method === "PUT" ? Buffer.from("pwned") : undefined });
      answers[`${method} ${trick}`] = r.status;
      expect(r.body).not.toMatch(/root:.*:0:0:/);
    }
  }
  // Each trick has its one answer: our handler's 400.
  expect(answers).toEqual(TRICK_ANSWERS);
  expect(blobFiles()).toEqual(before);
  expect(blobFiles().some((f) => f.includes(sha(Buffer.from("pwned"))))).toBe(false);
});

test("a client that disconnects mid-upload leaves no file and no blob", async ({ request }) => {
  const token = await tokenFor(request, "demo");
  const version = await newVersion(request, token);
  const before = blobFiles();
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: "127.0.0.1",
      port: appPort(),
      method: "PUT",
      path: `${filesApi(version)}/cut.bin`,
      headers: { authorization: `Bearer ${token}`, "content-length": String(20 * 1024 * 1024) },
    });
    req.on("error", () => resolve());
    req.on("close", () => resolve());
    req.write(crypto.randomBytes(4 * 1024 * 1024), () => setTimeout(() => req.destroy(), 300));
  });
  // The server notices the reset, fails the body, and cleans up.
  await expect.poll(() => leftovers(blobFiles()), { timeout: 10_000 }).toEqual([]);
  expect(blobFiles()).toEqual(before);
  expect((await request.get(`${filesApi(version)}/cut.bin`)).status()).toBe(404);
});
