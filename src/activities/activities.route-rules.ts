import { buildActionPlan, buildActivity } from "../../test/followup-factories.js";
import type { ModuleRouteRules, WalkRole } from "../../test/walk-roles.js";
import { signedIn, staff, staffAndFocal } from "../../test/walk-roles.js";

/** A council for its own prefecture or province, and the staff for any. */
const councilAndStaff: WalkRole[] = ["council", ...staff];

/**
 * Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters. The walk's records are made in the scoped agreement, whose first
 * party is the focal point's organisation: its activities are that focal point's to report on.
 */
export const activityRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/agreements/:id/plans/new": staff,
    "POST /:lang/workspace/agreements/:id/plans": staff,
    "GET /:lang/workspace/plans/:planId/edit": staff,
    "POST /:lang/workspace/plans/:planId": staff,
    "GET /:lang/workspace/plans/:planId/delete": staff,
    "POST /:lang/workspace/plans/:planId/delete": staff,
    "GET /:lang/workspace/agreements/:id/activities": signedIn,
    "GET /:lang/workspace/agreements/:id/activities/new": staff,
    "POST /:lang/workspace/agreements/:id/activities": staff,
    "GET /:lang/workspace/activities/:activityId": signedIn,
    "GET /:lang/workspace/activities/:activityId/edit": staff,
    "POST /:lang/workspace/activities/:activityId": staff,
    "GET /:lang/workspace/activities/:activityId/delete": staff,
    "POST /:lang/workspace/activities/:activityId/delete": staff,
    "GET /:lang/workspace/activities/:activityId/report": staffAndFocal,
    "POST /:lang/workspace/activities/:activityId/report": staffAndFocal,
    "POST /:lang/workspace/activities/:activityId/attendance": councilAndStaff,

    // Reads answer the public too, for public agreements; the walk reads an internal one.
    "GET /api/v1/agreements/:id/plans": signedIn,
    "POST /api/v1/agreements/:id/plans": staff,
    "GET /api/v1/plans/:planId": signedIn,
    "PATCH /api/v1/plans/:planId": staff,
    "DELETE /api/v1/plans/:planId": staff,
    "GET /api/v1/agreements/:id/activities": signedIn,
    "POST /api/v1/agreements/:id/activities": staff,
    "GET /api/v1/activities/:activityId": signedIn,
    "PATCH /api/v1/activities/:activityId": staff,
    "DELETE /api/v1/activities/:activityId": staff,
    "PUT /api/v1/activities/:activityId/report": staffAndFocal,
    "PUT /api/v1/activities/:activityId/attendance/:code": councilAndStaff,
    "DELETE /api/v1/activities/:activityId/attendance/:code": councilAndStaff,
  },
  params: {
    // An empty plan, so that deleting it succeeds.
    ":planId": async ({ db, agreementId }) => (await buildActionPlan(db, agreementId)).id,
    ":activityId": async ({ db, agreementId }) => (await buildActivity(db, agreementId)).id,
    ":code": async ({ territoryCode }) => territoryCode,
  },
};
