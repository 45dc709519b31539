import type { Database } from "../src/db/client.js";

/** The roles the authorization walk requests every route as, and the usual groups of them. */
export const roles = ["anonymous", "viewer", "council", "focal_point", "secretariat", "admin"] as const;
export type WalkRole = (typeof roles)[number];

/**
 * What a module gives the walk for its routes: values for its own path parameters (named
 * after the record, `:activityId`, `:meetingId`…), made inside `agreementId` (the scoped
 * agreement, or a fresh one of the same shape for a write).
 */
export interface WalkContext {
  db: Database;
  /** the agreement the records belong to: the focal point's organisation is party to it, it names the council's province */
  agreementId: string;
  focalOrganizationId: string;
  /** the council's province */
  territoryCode: string;
  role: WalkRole;
  write: boolean;
}
export interface ModuleRouteRules {
  rules: Record<string, WalkRole[]>;
  /** the parameters this module's paths use, and how the walk makes them */
  params: Record<string, (context: WalkContext) => Promise<string>>;
}

export const everyone: WalkRole[] = [...roles];
export const signedIn: WalkRole[] = ["viewer", "council", "focal_point", "secretariat", "admin"];
export const staff: WalkRole[] = ["secretariat", "admin"];
export const admin: WalkRole[] = ["admin"];
export const staffAndFocal: WalkRole[] = ["secretariat", "admin", "focal_point"];
