import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { admin, signedIn, staffAndFocal } from "../../test/walk-roles.js";
import { insertAlert } from "./alerts.test-support.js";

/**
 * Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters. Everyone signed in has an alert centre and chooses how they are
 * told; only an administrator sets the lead times. The walk's alert is the focal point's
 * organisation's (so the focal point and the staff are told of it): councils and viewers,
 * who answer for nothing, are told of no alert, so acting on it is "not found" for them.
 */
export const alertRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/alerts": signedIn,
    "POST /:lang/workspace/alerts/:alertId/acknowledge": staffAndFocal,
    "POST /:lang/workspace/alerts/:alertId/snooze": staffAndFocal,
    "POST /:lang/workspace/alerts/:alertId/restore": staffAndFocal,
    "GET /:lang/workspace/alerts/preferences": signedIn,
    "POST /:lang/workspace/alerts/preferences": signedIn,
    "GET /:lang/workspace/alerts/rules": admin,
    "POST /:lang/workspace/alerts/rules/:alertKind": admin,

    "GET /api/v1/alerts": signedIn,
    "POST /api/v1/alerts/:alertId/acknowledge": staffAndFocal,
    "POST /api/v1/alerts/:alertId/snooze": staffAndFocal,
    "GET /api/v1/alert-preferences": signedIn,
    "PUT /api/v1/alert-preferences": signedIn,
    "GET /api/v1/alert-rules": admin,
    "PUT /api/v1/alert-rules/:alertKind": admin,
  },
  params: {
    ":alertId": async ({ db, agreementId, focalOrganizationId }) =>
      (await insertAlert(db, { agreementId, organizationIds: [focalOrganizationId] })).id,
    ":alertKind": async () => "renewal_notice",
  },
};
