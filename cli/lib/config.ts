// Where the CLI keeps its host and token: $MODELREG_CONFIG_DIR/config.json, else ~/.modelreg/config.json,
// readable by its owner only (0600, in a 0700 directory): it holds a credential.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError } from "./errors";

export type CliConfig = {
  host?: string;
  token?: string;
  username?: string;
  /** The token was created by `modelreg login -u`, so `logout` revokes it; a token the user pasted is theirs to keep. */
  tokenFromLogin?: boolean;
};

export const DEFAULT_HOST = "http://localhost:3000";

export function configDir(): string {
  return process.env.MODELREG_CONFIG_DIR || path.join(os.homedir(), ".modelreg");
}

export function configPath(): string {
  return path.join(configDir(), "config.json");
}

export function readConfig(): CliConfig {
  const file = configPath();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as CliConfig) : {};
  } catch {
    throw new CliError(`${file} is not valid JSON: fix it, or delete it and log in again.`);
  }
}

/** Writes atomically (temp file + rename) with mode 0600, so a crash never leaves half a file. */
export function writeConfig(config: CliConfig): string {
  const dir = configDir();
  const file = configPath();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.config.json.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return file;
}

/** `localhost:3000` → `http://localhost:3000`; trailing slashes and a pasted `/api/v1` are dropped. */
export function normalizeHost(host: string): string {
  let h = host.trim();
  if (!h) throw new CliError("The host is empty: give a URL like http://localhost:3000.");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(h)) h = `http://${h}`;
  let url: URL;
  try {
    url = new URL(h);
  } catch {
    throw new CliError(`'${host}' is not a URL: give one like http://localhost:3000.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(`'${host}' must be an http or https URL.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}`;
}

export type Connection = { host: string; token?: string; username?: string };

/** The host and token to use: MODELREG_HOST / MODELREG_TOKEN win over the config file (for scripts and CI). */
export function connection(): Connection {
  const cfg = readConfig();
  const host = normalizeHost(process.env.MODELREG_HOST || cfg.host || DEFAULT_HOST);
  const token = process.env.MODELREG_TOKEN || cfg.token || undefined;
  return { host, token, username: process.env.MODELREG_TOKEN ? undefined : cfg.username };
}

/** A token for display: enough to recognise it in Settings → Access tokens, never enough to use. */
export function maskToken(token: string | undefined): string | null {
  return token ? `${token.slice(0, 10)}…` : null;
}
