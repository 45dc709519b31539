import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import { apiTokens, users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { actorFromUser } from "../users/users.presenter.js";
import { type ApiTokenInput, apiTokenInputSchema } from "./tokens.input.js";
import { assertCanManageOwnTokens } from "./tokens.policy.js";

const TOKEN_PREFIX = "shk_";
const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Creates a personal token; the secret is returned once and only its hash is kept. */
export async function createApiToken({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  input: ApiTokenInput;
  now?: Date;
}): Promise<{ token: ApiTokenRow; secret: string }> {
  assertCanManageOwnTokens(actor);
  const data = parseInput(apiTokenInputSchema, input);
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * 86_400_000) : null;
  return db.transaction(async (tx) => {
    const token = await insertOne(
      tx
        .insert(apiTokens)
        .values({
          id: randomBytes(12).toString("hex"),
          userId: actor.id,
          name: data.name,
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          secretHash: hashSecret(secret),
          scope: data.scope,
          expiresAt,
        })
        .returning(),
    );
    await recordAuditEvent({
      db: tx,
      actor,
      action: "api_token.create",
      entityType: "api_token",
      entityId: token.id,
      after: { name: token.name, scope: token.scope, prefix: token.prefix, expiresAt },
    });
    return { token, secret };
  });
}

export async function listApiTokens({ db, actor }: { db: Executor; actor: Actor }): Promise<ApiTokenRow[]> {
  assertCanManageOwnTokens(actor);
  return db.select().from(apiTokens).where(eq(apiTokens.userId, actor.id)).orderBy(desc(apiTokens.createdAt));
}

/** One of the actor's own tokens (not found for anyone else's), for the page that confirms its revocation. */
export async function getOwnApiToken({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  assertCanManageOwnTokens(actor);
  const [token] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id)));
  if (!token) throw notFound("API token", id);
  return token;
}

/** Revokes one of the actor's own tokens; revoking twice is harmless. */
export async function revokeApiToken({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  assertCanManageOwnTokens(actor);
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id)));
    if (!token) throw notFound("API token", id);
    if (token.revokedAt) return token;
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.id, id))
      .returning();
    await recordAuditEvent({
      db: tx,
      actor,
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: revoked?.revokedAt },
    });
    return revoked ?? token;
  });
}

/**
 * The actor a bearer token stands for: its user, with the user's current role (a token never
 * holds more than its user), limited to reading when the token is read-only.
 */
export async function findActorByApiToken({
  db,
  secret,
  now = new Date(),
}: {
  db: Executor;
  secret: string;
  now?: Date;
}): Promise<Actor> {
  const invalid = new AppError("unauthenticated", "The API token is not valid, revoked or expired");
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw invalid;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.secretHash, hashSecret(secret)), isNull(apiTokens.revokedAt)));
  if (!row?.user.active || (row.token.expiresAt && row.token.expiresAt <= now)) throw invalid;
  // Writing the last use at most once a minute keeps token reads from writing on every call.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  return { ...actorFromUser(row.user), via: "token", tokenScope: row.token.scope };
}
