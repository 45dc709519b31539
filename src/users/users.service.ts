import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, asc, eq, isNull, like, ne, or, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import {
  accounts,
  apiTokens,
  organizations,
  sessions,
  territories,
  type UserRole,
  users,
  verifications,
} from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, type FieldIssue, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { MIN_PASSWORD_LENGTH, PASSWORD_LINK_SECONDS } from "./password-links.js";
import { type UserInput, type UserUpdate, userInputSchema, userUpdateSchema } from "./users.input.js";
import { assertCanManageUsers } from "./users.policy.js";
import { presentUser } from "./users.presenter.js";

export type UserRow = typeof users.$inferSelect;
const newId = () => randomBytes(16).toString("hex");

async function checkScope(
  db: Executor,
  data: { role: string; organizationId?: string; territoryCode?: string },
): Promise<{ organizationId: string | null; territoryCode: string | null }> {
  const issues: FieldIssue[] = [];
  const organizationId = data.role === "focal_point" ? (data.organizationId ?? null) : null;
  const territoryCode = data.role === "council" ? (data.territoryCode ?? null) : null;
  if (organizationId) {
    const [found] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    if (!found)
      issues.push({
        field: "organizationId",
        message: "no organisation has this id",
        reason: "unknownRecord",
      });
  }
  if (territoryCode) {
    const [found] = await db
      .select({ kind: territories.kind })
      .from(territories)
      .where(eq(territories.code, territoryCode));
    if (!found)
      issues.push({
        field: "territoryCode",
        message: `no territory has the code ${territoryCode}`,
        reason: "unknownRecord",
      });
    else if (found.kind === "region")
      issues.push({
        field: "territoryCode",
        message: "must be a prefecture or a province (each has a council)",
        reason: "councilTerritory",
      });
  }
  if (issues.length)
    throw new AppError("validation", issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues });
  return { organizationId, territoryCode };
}

/** A one-time link token in better-auth's reset format, so its reset endpoint consumes it. */
async function insertPasswordToken(db: Executor, userId: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await forgetOlderPasswordLinks({ db, userId, keepToken: token });
  await db.insert(verifications).values({
    id: newId(),
    identifier: `reset-password:${token}`,
    value: userId,
    expiresAt: new Date(Date.now() + PASSWORD_LINK_SECONDS * 1000),
  });
  return token;
}

/** Only the newest password link of an account works: a link sent earlier (perhaps to a leaked mailbox) stops working. */
export async function forgetOlderPasswordLinks({
  db,
  userId,
  keepToken,
}: {
  db: Executor;
  userId: string;
  keepToken: string;
}): Promise<void> {
  await db
    .delete(verifications)
    .where(
      and(
        eq(verifications.value, userId),
        like(verifications.identifier, "reset-password:%"),
        ne(verifications.identifier, `reset-password:${keepToken}`),
      ),
    );
}

/**
 * A password was just reset (perhaps because the account was taken over): the API tokens made
 * before stop working, as its sessions do.
 */
export async function revokeTokensAfterPasswordReset({ db, userId }: { db: Executor; userId: string }) {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length) {
      await recordAuditEvent({
        db: tx,
        actor: { id: userId, role: "viewer" },
        action: "api_token.revoke_after_password_reset",
        entityType: "user",
        entityId: userId,
        after: { revokedTokens: revoked.map((row) => row.id) },
      });
    }
  });
}

/**
 * Creates an account. With a password, it can sign in at once; without, the result carries a
 * one-time token for a "choose your password" link (printed by the CLI, emailed by the workspace).
 * `passwordHash` is a password already hashed (scrypt, as better-auth makes it): the test
 * factories hash theirs once, where each hash costs ~65 ms of CPU.
 */
export async function createUser({
  db,
  actor,
  input,
  password,
  passwordHash,
}: {
  db: Executor;
  actor: Actor;
  input: UserInput;
  password?: string;
  passwordHash?: string;
}): Promise<{ user: UserRow; passwordToken?: string }> {
  assertCanManageUsers(actor);
  const data = parseInput(userInputSchema, input);
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("validation", `password: must have at least ${MIN_PASSWORD_LENGTH} characters`, {
      issues: [{ field: "password", message: `must have at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
  const hash = passwordHash ?? (password === undefined ? undefined : await hashPassword(password));
  return db.transaction(async (tx) => {
    const scope = await checkScope(tx, data);
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (clash) {
      throw new AppError("conflict", `email: ${data.email} already has an account`, {
        issues: [{ field: "email", message: "already has an account", reason: "emailTaken" }],
      });
    }
    const user = await insertOne(
      tx
        .insert(users)
        .values({
          id: newId(),
          email: data.email,
          name: data.name,
          role: data.role,
          locale: data.locale,
          translates: data.translates,
          ...scope,
        })
        .returning(),
    );
    let passwordToken: string | undefined;
    if (hash) {
      await tx.insert(accounts).values({
        id: newId(),
        userId: user.id,
        accountId: user.id,
        providerId: "credential",
        password: hash,
      });
    } else {
      passwordToken = await insertPasswordToken(tx, user.id);
    }
    await recordAuditEvent({
      db: tx,
      actor,
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      after: presentUser(user),
    });
    return { user, passwordToken };
  });
}

/** What a list of accounts can be narrowed to: a role, a state, a part of a name or address. */
export interface UserFilter {
  role?: UserRole;
  active?: boolean;
  q?: string;
}

/**
 * A page of the accounts (administrator), by name, and how many match: the count is computed in
 * the same statement, once.
 */
export async function listUsers({
  db,
  actor,
  filter = {},
  limit = 50,
  offset = 0,
}: {
  db: Executor;
  actor: Actor;
  filter?: UserFilter;
  limit?: number;
  offset?: number;
}): Promise<{ items: UserRow[]; total: number }> {
  assertCanManageUsers(actor);
  const text = filter.q?.trim().toLowerCase();
  // The typed text is matched literally: % and _ are not patterns here.
  const pattern = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.active === undefined ? undefined : eq(users.active, filter.active),
    pattern
      ? or(like(sql`lower(${users.name})`, pattern), like(sql`lower(${users.email})`, pattern))
      : undefined,
  );
  const rows = await db
    .select({ user: users, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.email))
    .limit(limit)
    .offset(offset);
  if (rows[0] || offset === 0) return { items: rows.map((row) => row.user), total: rows[0]?.total ?? 0 };
  const [counted] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .where(where);
  return { items: [], total: counted?.total ?? 0 };
}

export async function getUser({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<UserRow> {
  assertCanManageUsers(actor);
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound("User", id);
  return user;
}

/** Changes an account's role, scope or state; deactivating it also ends its sessions. */
export async function updateUser({
  db,
  actor,
  id,
  input,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: UserUpdate;
}): Promise<UserRow> {
  assertCanManageUsers(actor);
  const data = parseInput(userUpdateSchema, input);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for("update");
    if (!current) throw notFound("User", id);
    assertSameVersion("The account", data.version, current.version);
    if (id === actor.id && (data.role !== "admin" || !data.active)) {
      throw new AppError(
        "validation",
        "You cannot remove your own administrator role or deactivate yourself",
        {
          issues: [
            {
              field: "role",
              message: "an administrator cannot demote or deactivate themselves",
              reason: "selfDemote",
            },
          ],
        },
      );
    }
    const scope = await checkScope(tx, data);
    const [updated] = await tx
      .update(users)
      .set({
        name: data.name,
        role: data.role,
        locale: data.locale,
        translates: data.translates,
        active: data.active,
        ...scope,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (!updated) throw notFound("User", id);
    if (!updated.active || updated.role !== current.role)
      await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAuditEvent({
      db: tx,
      actor,
      action: "user.update",
      entityType: "user",
      entityId: id,
      before: presentUser(current),
      after: presentUser(updated),
    });
    return updated;
  });
}

/** A new one-time "choose your password" token for an existing account (an administrator's action). */
export async function issuePasswordToken({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  assertCanManageUsers(actor);
  return db.transaction(async (tx) => {
    const user = await getUser({ db: tx, actor, id });
    const token = await insertPasswordToken(tx, user.id);
    await recordAuditEvent({ db: tx, actor, action: "user.password_link", entityType: "user", entityId: id });
    return { user, token };
  });
}
