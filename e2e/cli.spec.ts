// The modelreg CLI as users run it: `node cli/bin.mjs …` against the e2e server, with its config
// in a throwaway directory (MODELREG_CONFIG_DIR).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, unique } from "./helpers";

const run = promisify(execFile);
const BIN = path.join(process.cwd(), "cli", "bin.mjs");

async function modelreg(args: string[], configDir: string) {
  try {
    const { stdout, stderr } = await run("node", [BIN, ...args], {
      env: { ...process.env, MODELREG_CONFIG_DIR: configDir, MODELREG_HOST: "", MODELREG_TOKEN: "" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

test("login with a password, whoami, config show, logout", async ({ baseURL, request }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-"));
  try {
    const login = await modelreg(["login", "--host", baseURL!, "-u", "demo", "-p", DEMO_PASSWORD], dir);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${baseURL} as demo.`);

    const file = path.join(dir, "config.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(config).toMatchObject({ host: baseURL, username: "demo", tokenFromLogin: true });
    expect(config.token).toMatch(/^mr_/);

    const who = await modelreg(["whoami"], dir);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/username:\s+demo/);
    expect(who.stdout).toMatch(/organization:\s+demo/);
    const whoJson = await modelreg(["whoami", "--json"], dir);
    expect(JSON.parse(whoJson.stdout)).toMatchObject({ username: "demo", email: "demo@example.com", kind: "user", host: baseURL });

    const show = await modelreg(["config", "show"], dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`host:\\s+${baseURL!.replace(/[.:/]/g, "\\$&")}`));
    expect(show.stdout).toMatch(/username:\s+demo/);
    expect(show.stdout).not.toContain(config.token);
    const showJson = JSON.parse((await modelreg(["config", "show", "--json"], dir)).stdout);
    expect(showJson).toMatchObject({ host: baseURL, username: "demo", config_file: file });
    expect(showJson.token).toBe(`${config.token.slice(0, 10)}…`);

    // the token is a real one, and logout revokes it
    expect((await request.get("/api/v1/users", { headers: { Authorization: `Bearer ${config.token}` } })).status()).toBe(200);
    const out = await modelreg(["logout"], dir);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`Logged out of ${baseURL}.`);
    expect((await request.get("/api/v1/users", { headers: { Authorization: `Bearer ${config.token}` } })).status()).toBe(401);
    const after = await modelreg(["whoami"], dir);
    expect(after.code).not.toBe(0);
    expect(after.stderr.trim().split("\n")).toHaveLength(1);
    expect(after.stderr).toContain("Not logged in");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("login with an existing token; a revoked token and a bad password fail with one line and a non-zero exit", async ({ baseURL, request }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-"));
  try {
    const bad = await modelreg(["login", "--host", baseURL!, "-u", "demo", "-p", "not-the-password"], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe("");
    const lines = bad.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^modelreg: error: Incorrect username or password\. \[401 unauthorized\]$/);
    expect(fs.existsSync(path.join(dir, "config.json"))).toBe(false);

    const created = await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD, name: unique("cli e2e ") } });
    const { token } = await created.json();
    const login = await modelreg(["login", "--host", baseURL!, "--token", token, "--json"], dir);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ host: baseURL, username: "alice" });
    expect((await modelreg(["whoami", "--json"], dir)).stdout).toContain('"username": "alice"');

    // a pasted token is the user's: logout forgets it but does not revoke it
    await modelreg(["logout"], dir);
    expect((await request.get("/api/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
    await request.delete("/api/v1/auth/token", { headers: { Authorization: `Bearer ${token}` } });
    const refused = await modelreg(["login", "--host", baseURL!, "-t", token], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain("refused this token");

    const unreachable = await modelreg(["login", "--host", "http://127.0.0.1:9", "-u", "demo", "-p", "x"], dir);
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr.trim().split("\n")).toHaveLength(1);
    expect(unreachable.stderr).toContain("Could not reach http://127.0.0.1:9");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("usage errors and help", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-"));
  try {
    const help = await modelreg(["--help"], dir);
    expect(help.code).toBe(0);
    for (const verb of ["login", "logout", "whoami", "config"]) expect(help.stdout).toContain(verb);
    const unknown = await modelreg(["frobnicate"], dir);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("approvals from the CLI: a member's stage request waits, an admin approves it, the history shows both", async ({ baseURL, request }) => {
  const bobDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-bob-"));
  const aliceDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-alice-"));
  try {
    const model = `cli-appr-${Date.now().toString(36)}`;
    expect((await modelreg(["login", "--host", baseURL!, "-u", "alice", "-p", DEMO_PASSWORD], aliceDir)).code).toBe(0);
    expect((await modelreg(["login", "--host", baseURL!, "-u", "bob", "-p", DEMO_PASSWORD], bobDir)).code).toBe(0);
    expect((await modelreg(["project", "create", "--name", `acme/${model}`], aliceDir)).code).toBe(0);
    const token = (
      await (await request.post("/api/v1/auth/token", { data: { username: "alice", password: DEMO_PASSWORD, name: unique("e2e cli approvals ") } })).json()
    ).token;
    const patched = await request.patch(`/api/v1/acme/${model}/settings`, { headers: { authorization: `Bearer ${token}` }, data: { require_approval: true } });
    expect(patched.status()).toBe(200);
    expect((await modelreg(["models", "register", "-p", `acme/${model}`, "-ver", "v1"], bobDir)).code).toBe(0);

    const asked = await modelreg(["models", "stage", "-p", `acme/${model}`, "-ver", "v1", "-to", "production", "--reason", "eval passed"], bobDir);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain("Asked to move v1 to production");
    const again = await modelreg(["models", "stage", "-p", `acme/${model}`, "-ver", "v1", "-to", "production"], bobDir);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    // bob may not decide on his own request; alice may.
    const selfApprove = await modelreg(["models", "approve", "-p", `acme/${model}`, "-ver", "v1"], bobDir);
    expect(selfApprove.code).toBe(1);
    expect(selfApprove.stderr).toMatch(/403|admin/);
    const approved = await modelreg(["models", "approve", "-p", `acme/${model}`, "-ver", "v1", "--reason", "looks good"], aliceDir);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain("Approved: v1 is now in production.");

    const stages = await modelreg(["models", "stages", "-p", `acme/${model}`, "-ver", "v1", "--json"], bobDir);
    const s = JSON.parse(stages.stdout);
    expect(s.stage).toBe("production");
    // After registration's own entry: the request (closed as Requested) and the approval.
    expect(s.stage_conditions.slice(-2).map((c: { status: string }) => c.status)).toEqual(["Requested", "True"]);
    await modelreg(["project", "delete", "-p", `acme/${model}`, "-y"], aliceDir);
  } finally {
    fs.rmSync(bobDir, { recursive: true, force: true });
    fs.rmSync(aliceDir, { recursive: true, force: true });
  }
});
