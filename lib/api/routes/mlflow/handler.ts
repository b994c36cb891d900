// The MLflow surface's wrapper: authenticate (Bearer, Basic, or the session), read the request's fields (GET: the
// query string; POST/PATCH/DELETE: the JSON body), call the handler, answer JSON or MLflow's error shape.
import "server-only";
import { getDb, type DB } from "@/db";
import { actorFromRequest, readBodyText } from "@/lib/api/handler";
import type { Actor } from "@/lib/registry/actor";
import { InvalidError } from "@/lib/registry/errors";
import { parseModelName, type ModelRef } from "@/lib/registry/mlflow-names";
import { getUserProfile } from "@/lib/registry/users";
import { assertStorable, textProblem } from "@/lib/registry/validate";
import { actorFromBasic, parseBasic } from "./basic-auth";
import { toMlflowError } from "./errors";

export type Fields = Record<string, unknown>;

export type MlflowContext = {
  req: Request;
  url: URL;
  db: DB;
  actor: Actor;
  /** The request's fields (query or JSON body). */
  fields: Fields;
  /** Path parameters (artifact paths). */
  params: Record<string, unknown>;
  /** MLflow name → Modelreg model; a bare name is in the default organization. */
  model(raw: unknown): Promise<ModelRef>;
  defaultOrg(): Promise<string | null>;
};

/** Fields MLflow sends as repeated query parameters (lists). */
const LIST_FIELDS = new Set(["order_by", "stages"]);

async function actorOf(db: DB, req: Request): Promise<Actor> {
  const basic = parseBasic(req.headers.get("authorization"));
  if (basic) return actorFromBasic(db, req, basic);
  return actorFromRequest(db, req);
}

function queryFields(url: URL): Fields {
  const out: Fields = {};
  for (const [k, v] of url.searchParams) {
    const problem = textProblem(k) ?? textProblem(v);
    if (problem) throw InvalidError.field(k, problem);
    if (!LIST_FIELDS.has(k)) out[k] = v;
    else if (Array.isArray(out[k])) (out[k] as string[]).push(v);
    else out[k] = [v];
  }
  return out;
}

async function bodyFields(req: Request): Promise<Fields | null> {
  const text = await readBodyText(req);
  if (!text.trim()) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw InvalidError.field("body", "must be a JSON object");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw InvalidError.field("body", "must be a JSON object");
  // Strings PostgreSQL would refuse (NUL, lone surrogates) are a 400 naming the field, not a driver error later.
  assertStorable(body);
  return body as Fields;
}

/** MODELREG_MLFLOW_DEFAULT_ORG, else the signed-in caller's personal organization, else none. */
async function defaultOrgOf(db: DB, actor: Actor): Promise<string | null> {
  const configured = process.env.MODELREG_MLFLOW_DEFAULT_ORG?.trim();
  if (configured) return configured.toLowerCase();
  if (actor.kind !== "user") return null;
  return (await getUserProfile(db, actor)).organization;
}

/** `rawBody`: the handler streams the body itself (artifact uploads), so it is not read as JSON fields. */
export function mlflow(fn: (ctx: MlflowContext) => Promise<unknown>, opts: { rawBody?: boolean } = {}) {
  return async (req: Request, ctx?: { params: Promise<Record<string, unknown>> }): Promise<Response> => {
    try {
      const db = await getDb();
      // Authenticate before reading the body.
      const actor = await actorOf(db, req);
      const url = new URL(req.url);
      const query = queryFields(url);
      const safe = req.method === "GET" || req.method === "HEAD";
      const fields = safe || opts.rawBody ? query : { ...query, ...((await bodyFields(req)) ?? {}) };
      let org: Promise<string | null> | null = null;
      const defaultOrg = () => (org ??= defaultOrgOf(db, actor));
      const model = async (raw: unknown) => parseModelName(raw, typeof raw === "string" && raw.includes(".") ? null : await defaultOrg());
      const params = ctx?.params ? await ctx.params : {};
      const result = await fn({ req, url, db, actor, fields, params, model, defaultOrg });
      if (result instanceof Response) return result;
      return Response.json(result ?? {});
    } catch (err) {
      return toMlflowError(err);
    }
  };
}

/** A required string field, or INVALID_PARAMETER_VALUE naming it (MLflow's "Missing value for required parameter"). */
export function required(fields: Fields, name: string): string {
  const v = fields[name];
  if (typeof v === "number") return String(v);
  if (typeof v !== "string" || !v.trim()) throw InvalidError.field(name, `Missing value for required parameter '${name}'.`);
  return v;
}

export function optionalString(fields: Fields, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw InvalidError.field(name, "must be a string");
  return v;
}

export function stringList(fields: Fields, name: string): string[] {
  const v = fields[name];
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw InvalidError.field(name, "must be a list of strings");
  return v as string[];
}

export function booleanField(fields: Fields, name: string): boolean {
  const v = fields[name];
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "True") return true;
  if (v === "false" || v === "False") return false;
  throw InvalidError.field(name, "must be true or false");
}
