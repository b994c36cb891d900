// Personal access tokens: random, shown once, stored as sha256, revocable, optionally expiring.
import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db";
import { apiTokens, users } from "@/db/schema";
import { userActor, type Actor, type UserActor } from "./actor";
import { ConflictError, NotFoundError, UnauthorizedError, isUniqueViolation } from "./errors";
import { parse } from "./validate";
import { recordActivity } from "./activity";
import { personalOrgId } from "./personal-org";
import { verifyCredentials } from "./users";

const TOKEN_PREFIX = "mr_";

export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  expiresInDays: z.coerce.number().int().min(1, "must be at least 1 day").max(3650).optional(),
});

export type TokenInfo = {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
};

const tokenInfoColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
};

export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== "user") throw new UnauthorizedError();
  return actor;
}

/** Creates a token for the actor. The plain token is in the result and nowhere else, ever. */
export async function createToken(
  db: DB,
  actor: Actor,
  input: z.input<typeof createTokenSchema>,
  /** uniqueName: a name the server chose (a sign-in's default) becomes "name (2)" when taken, instead of a 409. */
  opts: { uniqueName?: boolean } = {},
): Promise<{ token: string; info: TokenInfo }> {
  const user = requireUser(actor);
  const data = parse(createTokenSchema, input);
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  try {
    return await db.transaction(async (tx) => {
      const name = opts.uniqueName ? await freeName(tx, user.userId, data.name) : data.name;
      const [info] = await tx
        .insert(apiTokens)
        .values({ userId: user.userId, name, prefix: token.slice(0, 10), tokenHash: hashToken(token), expiresAt })
        .returning(tokenInfoColumns);
      await recordActivity(tx, {
        orgId: await personalOrgId(tx, user.userId),
        actorId: user.userId,
        verb: "token.created",
        target: name,
        details: { prefix: info.prefix },
      });
      return { token, info };
    });
  } catch (err) {
    // api_tokens_user_name_key: the constraint is the rule, this is its message.
    if (isUniqueViolation(err))
      throw ConflictError.field("name", `You already have a token named '${data.name}'. Choose another name, or revoke that token first.`);
    throw err;
  }
}

/** `base`, or "base (2)", "base (3)", … — the first name the user has no token with (case-insensitive). */
async function freeName(tx: DB, userId: number, base: string): Promise<string> {
  const candidates = [base, ...Array.from({ length: 49 }, (_, i) => `${base.slice(0, 94)} (${i + 2})`)];
  const taken = await tx
    .select({ name: sql<string>`lower(${apiTokens.name})` })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, userId),
        inArray(
          sql`lower(${apiTokens.name})`,
          candidates.map((c) => c.toLowerCase()),
        ),
      ),
    );
  const used = new Set(taken.map((r) => r.name));
  return candidates.find((c) => !used.has(c.toLowerCase())) ?? `${base.slice(0, 80)} ${crypto.randomBytes(4).toString("hex")}`;
}

export async function listTokens(db: DB, actor: Actor): Promise<TokenInfo[]> {
  const user = requireUser(actor);
  return db.select(tokenInfoColumns).from(apiTokens).where(eq(apiTokens.userId, user.userId)).orderBy(desc(apiTokens.createdAt)).limit(200);
}

export async function revokeToken(db: DB, actor: Actor, id: number): Promise<void> {
  const user = requireUser(actor);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(apiTokens)
      .where(and(eq(apiTokens.id, Number(id)), eq(apiTokens.userId, user.userId)))
      .returning({ name: apiTokens.name, prefix: apiTokens.prefix });
    if (!gone) throw new NotFoundError("Token not found");
    await recordActivity(tx, {
      orgId: await personalOrgId(tx, user.userId),
      actorId: user.userId,
      verb: "token.revoked",
      target: gone.name,
      details: { prefix: gone.prefix },
    });
  });
}

function tokenQuery(db: DB) {
  return db
    .select({ id: apiTokens.id, userId: users.id, username: users.username, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))))
    .limit(1)
    .prepare("token_actor");
}

/** Built once per database handle and run prepared (one round trip per call instead of two). */
const tokenQueries = new WeakMap<DB, ReturnType<typeof tokenQuery>>();

/**
 * Hugging Face's clients refuse tokens that do not start with `hf_` (@huggingface/hub checks it), so a token
 * may be presented as `hf_` followed by the token itself, on every surface. What is stored does not change.
 */
export const HF_TOKEN_PREFIX = "hf_";
export function presentedToken(token: string): string {
  return token.startsWith(HF_TOKEN_PREFIX) ? token.slice(HF_TOKEN_PREFIX.length) : token;
}

/** The actor behind a presented token (or its `hf_` form); UnauthorizedError when unknown, revoked or expired. */
export async function authenticateToken(db: DB, token: string): Promise<UserActor> {
  let q = tokenQueries.get(db);
  if (!q) tokenQueries.set(db, (q = tokenQuery(db)));
  const [row] = await q.execute({ hash: hashToken(presentedToken(token)) });
  if (!row) throw new UnauthorizedError("Invalid, expired or revoked token");
  // Last-used is informative: write it at most once a minute per token, not on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  }
  return userActor(row.userId, row.username);
}

export const credentialsTokenSchema = z.object({
  username: z.string().trim().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(256),
  name: z.string().trim().max(100, "must be at most 100 characters").optional(),
  expiresInDays: createTokenSchema.shape.expiresInDays,
});

/**
 * Exchanges a username (or email) and password for a new token: what `modelreg login -u -p` and
 * Polyaxon's CLI do. Rate limited exactly like the sign-in form (verifyCredentials), per `ip`.
 */
export async function issueTokenForCredentials(
  db: DB,
  input: z.input<typeof credentialsTokenSchema>,
  ip: string | null,
): Promise<{ token: string; info: TokenInfo }> {
  const data = parse(credentialsTokenSchema, input);
  const user = await verifyCredentials(db, { login: data.username, password: data.password, ip });
  // A name the caller chose is theirs to keep unique (409 on `name`); the default one is made unique here.
  return createToken(
    db,
    userActor(user.id, user.username),
    { name: data.name || `API token ${new Date().toISOString().slice(0, 16).replace("T", " ")}`, expiresInDays: data.expiresInDays },
    { uniqueName: !data.name },
  );
}

/** Revokes the token presented (`modelreg logout`); unknown, expired or revoked → 401. */
export async function revokePresentedToken(db: DB, token: string): Promise<void> {
  const actor = await authenticateToken(db, token);
  const [row] = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(presentedToken(token))))
    .limit(1);
  if (!row) throw new UnauthorizedError("Invalid, expired or revoked token");
  await revokeToken(db, actor, row.id);
}
