import type { users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { isLanguage } from "../shared/localized.js";

type UserRow = typeof users.$inferSelect;

/** What an actor is made from: a user row, or the user better-auth returns with a session. */
export type ActorSource = Pick<
  UserRow,
  "id" | "name" | "email" | "role" | "locale" | "active" | "organizationId" | "territoryCode"
> &
  Partial<Pick<UserRow, "translates">>;

/** The actor a user acts as; an inactive account acts as nobody. */
export function actorFromUser(user: ActorSource): Actor {
  return {
    id: user.id,
    role: user.active ? user.role : "anonymous",
    name: user.name,
    email: user.email,
    locale: user.locale,
    organizationId: user.organizationId,
    territoryCode: user.territoryCode,
    translates: (user.translates ?? []).filter(isLanguage),
  };
}

/** What the API and the pages show of an account: never a password hash or a session. */
export function presentUser(user: UserRow) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organizationId: user.organizationId,
    territoryCode: user.territoryCode,
    locale: user.locale,
    translates: user.translates,
    active: user.active,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
  };
}
