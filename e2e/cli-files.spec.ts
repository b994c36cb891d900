// `modelreg models push | pull` against a running server: bytes round-trip, and a second push skips what is there.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, unique } from "./helpers";

const run = promisify(execFile);
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelreg-cli-files-"));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", ["cli/bin.mjs", ...args], { env: { ...process.env, MODELREG_CONFIG_DIR: configDir }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("push a folder to a version, pull it back byte for byte, push again skips", async ({ baseURL }) => {
  expect((await cli("login", "--host", baseURL!, "-u", "alice", "-p", DEMO_PASSWORD)).code).toBe(0);
  const name = unique("cli-files-");
  expect((await cli("project", "create", "--name", `acme/${name}`)).code).toBe(0);
  expect((await cli("models", "register", "-p", `acme/${name}`, "-ver", "v1")).code).toBe(0);

  const src = fs.mkdtempSync(path.join(os.tmpdir(), "push-"));
  fs.mkdirSync(path.join(src, "tokenizer"));
  fs.writeFileSync(path.join(src, "model.bin"), crypto.randomBytes(300_000));
  fs.writeFileSync(path.join(src, "tokenizer", "vocab.json"), JSON.stringify({ a: 1 }));
  let r = await cli("models", "push", "-p", `acme/${name}`, "-ver", "v1", "--path", src);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("Uploaded 2 files");

  r = await cli("models", "push", "-p", `acme/${name}`, "-ver", "v1", "--path", src);
  expect(r.stdout).toContain("Uploaded 0 files");
  expect(r.stdout).toContain("2 already up to date");

  const dst = fs.mkdtempSync(path.join(os.tmpdir(), "pull-"));
  r = await cli("models", "pull", "-p", `acme/${name}`, "-ver", "v1", "--path", dst);
  expect(r.code, r.stderr).toBe(0);
  for (const f of ["model.bin", "tokenizer/vocab.json"]) {
    expect(fs.readFileSync(path.join(dst, f)).equals(fs.readFileSync(path.join(src, f)))).toBe(true);
  }
  r = await cli("models", "pull", "-p", `acme/${name}`, "-ver", "nope", "--path", dst);
  expect(r.code).not.toBe(0);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  await cli("project", "delete", "-p", `acme/${name}`, "-y");
});
