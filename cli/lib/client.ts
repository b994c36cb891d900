// The HTTP client every command uses: `Authorization: Bearer <token>`, JSON in and out, streaming
// bodies for files, and any failure — an API error body, a proxy's HTML page, a refused connection —
// turned into one readable line.
import { Readable } from "node:stream";
import { connection, type Connection } from "./config";
import { CliError } from "./errors";

const VERSION = "0.1.0";

export type Query = Record<string, string | number | boolean | undefined | null>;

/** An answer the server refused, with its HTTP status and our error code (`not_found`, `invalid`, …). */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type ErrorJson = { detail?: unknown; error?: { code?: unknown; message?: unknown; details?: unknown } };

/** `{"error": {code, message, details}}` → "message (name: is required; tags: …) [404 not_found]". */
export async function apiErrorFrom(res: Response, host: string): Promise<ApiError> {
  const raw = await res.text().catch(() => "");
  let body: ErrorJson | null = null;
  try {
    body = raw ? (JSON.parse(raw) as ErrorJson) : null;
  } catch {
    body = null;
  }
  const e = body?.error;
  const code = typeof e?.code === "string" ? e.code : `http_${res.status}`;
  let message =
    typeof e?.message === "string" ? e.message : typeof body?.detail === "string" ? body.detail : `${res.status} ${res.statusText || "error"} from ${host}`;
  const details = e?.details && typeof e.details === "object" ? (e.details as Record<string, string[]>) : undefined;
  if (details) {
    const extra = Object.entries(details)
      .filter(([field]) => !message.startsWith(`${field}:`))
      .map(([field, msgs]) => `${field}: ${(Array.isArray(msgs) ? msgs : [String(msgs)]).join(", ")}`);
    if (extra.length) message += ` (${extra.join("; ")})`;
  }
  if (res.status === 401 && code === "unauthorized" && /token/i.test(message)) {
    message += " Run `modelreg login` to get a new one.";
  }
  return new ApiError(`${message.replace(/\s+/g, " ").trim()} [${res.status} ${code}]`, res.status, code, details);
}

export type RequestOptions = {
  query?: Query;
  /** JSON-encoded unless it is already a body (string, Buffer, stream). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the token (default true when there is one). */
  auth?: boolean;
  signal?: AbortSignal;
};

type StreamBody = ReadableStream | Readable | AsyncIterable<Uint8Array>;

const isStream = (b: unknown): b is StreamBody =>
  b instanceof ReadableStream || b instanceof Readable || (typeof b === "object" && b !== null && Symbol.asyncIterator in b);

export class Client {
  constructor(
    readonly host: string,
    readonly token?: string,
  ) {}

  url(path: string, query?: Query): string {
    const u = new URL(path.startsWith("/") ? path : `/${path}`, `${this.host}/`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") u.searchParams.set(k, String(v));
    return u.toString();
  }

  /**
   * The raw answer (for streaming downloads and uploads), after checking the status: a failure
   * throws ApiError. A stream body is sent as it is read (`duplex: "half"`), never buffered.
   */
  async fetch(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": `modelreg-cli/${VERSION}`, ...opts.headers };
    if (opts.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    let body: BodyInit | undefined;
    let duplex: "half" | undefined;
    if (opts.body === undefined) body = undefined;
    else if (isStream(opts.body)) {
      body = (opts.body instanceof ReadableStream ? opts.body : Readable.from(opts.body as AsyncIterable<Uint8Array>)) as BodyInit;
      duplex = "half";
    } else if (typeof opts.body === "string" || opts.body instanceof Uint8Array) body = opts.body as BodyInit;
    else {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, opts.query), { method, headers, body, signal: opts.signal, ...(duplex ? { duplex } : {}) } as RequestInit);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new CliError(`Could not reach ${this.host}: ${why}. Is the server running, and is --host right?`);
    }
    if (!res.ok) throw await apiErrorFrom(res, this.host);
    return res;
  }

  /** JSON request and answer; a 204 (or an empty body) is undefined. */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.fetch(method, path, opts);
    const raw = await res.text();
    if (!raw) return undefined as T;
    try {
      return JSON.parse(raw) as T;
    } catch {
      throw new CliError(`${this.host} answered ${method} ${path} with something that is not JSON; is --host a Modelreg server?`);
    }
  }

  get<T = unknown>(path: string, query?: Query) {
    return this.request<T>("GET", path, { query });
  }
  post<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions, "body"> = {}) {
    return this.request<T>("POST", path, { ...opts, body });
  }
  patch<T = unknown>(path: string, body?: unknown) {
    return this.request<T>("PATCH", path, { body });
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>("PUT", path, { body });
  }
  delete<T = unknown>(path: string) {
    return this.request<T>("DELETE", path);
  }
}

/**
 * A client for the configured host. `requireLogin` refuses early, with the fix, when there is no
 * token (public reads work signed out: leave it false for them).
 */
export function createClient(opts: { requireLogin?: boolean; conn?: Connection } = {}): Client {
  const conn = opts.conn ?? connection();
  if (opts.requireLogin && !conn.token) {
    throw new CliError(`Not logged in to ${conn.host}: run \`modelreg login --host ${conn.host} -u USERNAME\` first.`);
  }
  return new Client(conn.host, conn.token);
}

/** `acme/fraud-detector` → ["acme", "fraud-detector"]; a bare name takes `defaultOwner`. */
export function splitProject(value: string, defaultOwner?: string): { owner: string; project: string } {
  const parts = String(value).trim().split("/").filter(Boolean);
  if (parts.length === 2) return { owner: parts[0], project: parts[1] };
  if (parts.length === 1 && defaultOwner) return { owner: defaultOwner, project: parts[0] };
  throw new CliError(`'${value}' is not OWNER/NAME (e.g. acme/fraud-detector).`);
}

/** A path segment, encoded (names with dots and the like stay intact). */
export const seg = (s: string) => encodeURIComponent(s);
