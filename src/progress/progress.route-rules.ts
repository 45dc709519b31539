import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { signedIn } from "../../test/walk-roles.js";

/** Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk makes their parameters. */
export const progressRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/my-work": signedIn,
    // A council sees its own territory; the staff and viewers any; a focal point's work is its organisation's.
    "GET /:lang/workspace/territory": ["viewer", "council", "secretariat", "admin"],
    "GET /api/v1/my-work": signedIn,
    // The walk's agreement is internal: the anonymous public gets "not found" (a public one it may read).
    "GET /api/v1/agreements/:id/progress": signedIn,
  },
  params: {},
};
