/**
 * Who performs an operation: the anonymous public, a signed-in user (through a session or
 * an API token), the command line or the system itself (first start, reference data).
 */
import type { Language } from "./localized.js";

export type UserRoleName = "admin" | "secretariat" | "focal_point" | "council" | "viewer";
export type Role = "anonymous" | "system" | UserRoleName;

export interface Actor {
  /** the user's id, or "anonymous" / "system" / "cli:<command>"; audit events name it */
  id: string;
  role: Role;
  name?: string;
  email?: string;
  locale?: string;
  /** a partner focal point's organisation */
  organizationId?: string | null;
  /** a council's prefecture or province */
  territoryCode?: string | null;
  /** the languages the account may translate texts into (the translator permission), whatever its role */
  translates?: readonly Language[];
  /** how the request was authenticated; a read-only API token may not write */
  via?: "session" | "token";
  tokenScope?: "read" | "write";
}

export const anonymous: Actor = { id: "anonymous", role: "anonymous" };
export const systemActor: Actor = { id: "system", role: "system" };
export const cliActor = (command: string): Actor => ({ id: `cli:${command}`, role: "system" });

export const isSignedIn = (actor: Actor): boolean => actor.role !== "anonymous" && actor.role !== "system";
/** Staff of the association: they keep every record. */
export const isStaff = (actor: Actor): boolean =>
  actor.role === "system" || actor.role === "admin" || actor.role === "secretariat";
/** A read-only API token never writes, whatever its user's role. */
export const mayWrite = (actor: Actor): boolean => actor.role !== "anonymous" && actor.tokenScope !== "read";
/** Accounts, settings and the outbox: the administrator's and the command line's, never through an API token. */
export const administers = (actor: Actor): boolean =>
  (actor.role === "admin" || actor.role === "system") && actor.via !== "token";
