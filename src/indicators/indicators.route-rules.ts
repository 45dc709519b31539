import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { signedIn, staff, staffAndFocal } from "../../test/walk-roles.js";
import { insertIndicator, insertIndicatorValue } from "./indicators.test-support.js";

/**
 * Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters. The walk's agreement is internal, so the anonymous public reads
 * nothing of it; its first party is the focal point's organisation, which the indicators made
 * here name as responsible: that focal point may enter their values.
 */
export const indicatorRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/agreements/:id/indicators/new": staff,
    "POST /:lang/workspace/agreements/:id/indicators": staff,
    "GET /:lang/workspace/indicators/:indicatorId": signedIn,
    "GET /:lang/workspace/indicators/:indicatorId/chart.svg": signedIn,
    "GET /:lang/workspace/indicators/:indicatorId/edit": staff,
    "POST /:lang/workspace/indicators/:indicatorId": staff,
    "GET /:lang/workspace/indicators/:indicatorId/delete": staff,
    "POST /:lang/workspace/indicators/:indicatorId/delete": staff,
    "POST /:lang/workspace/indicators/:indicatorId/values": staffAndFocal,
    "POST /:lang/workspace/indicator-values/:valueId/review": staff,

    "GET /api/v1/agreements/:id/indicators": signedIn,
    "POST /api/v1/agreements/:id/indicators": staff,
    "GET /api/v1/indicators/:indicatorId": signedIn,
    "PATCH /api/v1/indicators/:indicatorId": staff,
    "DELETE /api/v1/indicators/:indicatorId": staff,
    "GET /api/v1/indicators/:indicatorId/values": signedIn,
    "POST /api/v1/indicators/:indicatorId/values": staffAndFocal,
    "POST /api/v1/indicator-values/:valueId/review": staff,
  },
  params: {
    ":indicatorId": async ({ db, agreementId }) => (await insertIndicator(db, agreementId)).id,
    ":valueId": async ({ db, agreementId }) => {
      const indicator = await insertIndicator(db, agreementId);
      return (await insertIndicatorValue(db, indicator.id, { status: "submitted" })).id;
    },
  },
};
