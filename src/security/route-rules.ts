/**
 * Who may use each route, for the authorization walk (authorization.test.ts). Every route
 * the application registers must have a rule here, and every rule a route: a new route
 * without a rule fails the test. Keys are "METHOD path" with the language as ":lang".
 *
 * Fixtures the walk uses (see authorization.test.ts): the focal point's organisation is party
 * to the agreement in :id, which names the council's province; so "scoped" readers see it.
 */

import type { ModuleRouteRules, WalkRole } from "../../test/walk-roles.js";
import { admin, everyone, roles, signedIn, staff, staffAndFocal } from "../../test/walk-roles.js";
import { activityRouteRules } from "../activities/activities.route-rules.js";
import { alertRouteRules } from "../alerts/alerts.route-rules.js";
import { recentlyDeletedRouteRules } from "../audit/recently-deleted.route-rules.js";
import { calendarRouteRules } from "../calendar/calendar.route-rules.js";
import { indicatorRouteRules } from "../indicators/indicators.route-rules.js";
import { meetingRouteRules } from "../meetings/meetings.route-rules.js";
import { progressRouteRules } from "../progress/progress.route-rules.js";
import { translationRouteRules } from "../translations/translations.route-rules.js";

export { roles, type WalkRole } from "../../test/walk-roles.js";

const coreRules: Record<string, WalkRole[]> = {
  // Public: health, assets, the portal, public documents, the read API, the auth endpoints.
  "GET /healthz": everyone,
  "GET /readyz": everyone,
  // Decided by the client's address, not the role (METRICS_ALLOW): the walk's in-process requests
  // come from loopback; other addresses are refused in web/operations.test.ts.
  "GET /metrics": everyone,
  "GET /assets/:hash/:name": everyone,
  "GET /": everyone,
  "GET /:lang": everyone,
  "GET /:lang/agreements": everyone,
  "GET /:lang/agreements/:id": everyone,
  "GET /:lang/agreements/:id/indicators/:indicatorId/chart.svg": everyone,
  "GET /:lang/partners": everyone,
  // The catalogue as a workbook, public data only (spreadsheets.routes.test.ts).
  "GET /:lang/agreements.xlsx": everyone,
  "GET /:lang/agreements.csv": everyone,
  // Each kind is found as the person (global-search.test.ts, portal.routes.test.ts).
  "GET /:lang/search/suggestions": everyone,
  "GET /:lang/figures": everyone,
  "GET /:lang/coverage": everyone,
  "GET /:lang/territories": everyone,
  "GET /:lang/territories/:code": everyone,
  // Printed reports: the public's, and the workspace's as the reader may read (reports.test.ts).
  "GET /:lang/agreements/:id{.+\\.pdf}": everyone,
  "GET /:lang/reports/:year{.+\\.pdf}": everyone,
  "GET /:lang/partners/:id{.+\\.pdf}": everyone,
  "GET /:lang/territories/:code{.+\\.pdf}": everyone,
  "GET /:lang/workspace/agreements/:id{.+\\.pdf}": signedIn,
  "GET /:lang/workspace/reports/:year{.+\\.pdf}": signedIn,
  "GET /:lang/workspace/organizations/:id{.+\\.pdf}": signedIn,
  "GET /:lang/workspace/territories/:code{.+\\.pdf}": signedIn,
  "GET /:lang/workspace/meetings/:meetingId{.+\\.pdf}": signedIn,
  "GET /documents/:id": everyone,
  "GET /api/auth/*": everyone,
  "POST /api/auth/*": everyone,
  "GET /api/v1/openapi.json": everyone,
  "GET /api/v1/agreements": everyone,
  "GET /api/v1/agreements/:id": everyone,
  "GET /api/v1/organizations": everyone,
  "GET /api/v1/territories": everyone,
  // Open data: the public registry as IATI 2.03 (opendata/iati.test.ts validates it).
  "GET /api/v1/open-data/iati-activities.xml": everyone,
  "GET /api/v1/open-data/iati-activities/:id": everyone,
  // The public registry's files (opendata/open-data.test.ts) and their page.
  "GET /api/v1/open-data/registry.xlsx": everyone,
  "GET /api/v1/open-data/registry.json": everyone,
  "GET /api/v1/open-data/csv/:sheet": everyone,
  "GET /:lang/open-data": everyone,
  // The open data's licence, a setting (opendata/open-data-licence.test.ts).
  "GET /:lang/workspace/open-data/licence": admin,
  "POST /:lang/workspace/open-data/licence": admin,

  // Signing in and out, and passwords.
  "GET /:lang/workspace/sign-in": everyone,
  "POST /:lang/workspace/sign-in": everyone,
  "POST /:lang/workspace/sign-out": everyone,
  "GET /:lang/workspace/forgot-password": everyone,
  "POST /:lang/workspace/forgot-password": everyone,
  "GET /:lang/workspace/reset-password": everyone,
  "POST /:lang/workspace/reset-password": everyone,

  // The workspace.
  "GET /:lang/workspace": signedIn,
  "GET /:lang/workspace/search": signedIn,
  "GET /:lang/workspace/agreements": signedIn,
  // The list as a workbook, as the reader may read it, and the empty template.
  "GET /:lang/workspace/agreements.xlsx": signedIn,
  "GET /:lang/workspace/agreements.csv": signedIn,
  "GET /:lang/workspace/spreadsheet-template.xlsx": signedIn,
  "GET /:lang/workspace/import/spreadsheet": staff,
  "POST /:lang/workspace/import/spreadsheet": staff,
  "POST /:lang/workspace/import/spreadsheet/confirm": staff,
  // Reading a signed agreement to propose its record (agreement-reading.routes.test.ts).
  "GET /:lang/workspace/readings": staff,
  "POST /:lang/workspace/readings": staff,
  "GET /:lang/workspace/readings/:id": staff,
  "POST /:lang/workspace/readings/:id": staff,
  "GET /:lang/workspace/agreements/new": staff,
  "POST /:lang/workspace/agreements": staff,
  "GET /:lang/workspace/agreements/:id": signedIn,
  "GET /:lang/workspace/agreements/:id/edit": staff,
  "POST /:lang/workspace/agreements/:id": staff,
  "POST /:lang/workspace/agreements/:id/status": staff,
  "POST /:lang/workspace/agreements/:id/visibility": staff,
  "GET /:lang/workspace/agreements/:id/delete": staff,
  "POST /:lang/workspace/agreements/:id/delete": staff,
  // A focal point's own part; the staff edit every commitment through the agreement form.
  "POST /:lang/workspace/agreements/:id/commitments": ["focal_point"],
  "POST /:lang/workspace/agreements/:id/documents": staffAndFocal,

  "GET /:lang/workspace/organizations": signedIn,
  "GET /:lang/workspace/organizations/new": staff,
  "GET /:lang/workspace/organizations/contact-row": staffAndFocal,
  "POST /:lang/workspace/organizations": staff,
  "GET /:lang/workspace/organizations/:id": signedIn,
  // :id is the focal point's own organisation.
  "GET /:lang/workspace/organizations/:id/edit": staffAndFocal,
  "POST /:lang/workspace/organizations/:id": staffAndFocal,
  "GET /:lang/workspace/organizations/:id/delete": staff,
  "POST /:lang/workspace/organizations/:id/delete": staff,
  "POST /:lang/workspace/organizations/:id/documents": staffAndFocal,

  "GET /:lang/workspace/documents": signedIn,
  "GET /:lang/workspace/documents/:id/download": signedIn,
  "GET /:lang/workspace/documents/:id/delete": staff,
  "POST /:lang/workspace/documents/:id/delete": staff,
  "POST /:lang/workspace/documents/:id/visibility": staff,

  "GET /:lang/workspace/audit": staff,
  "GET /:lang/workspace/history/:entityType/:entityId": signedIn,

  "GET /:lang/workspace/users": admin,
  "GET /:lang/workspace/users/new": admin,
  "POST /:lang/workspace/users": admin,
  "GET /:lang/workspace/users/:id/edit": admin,
  "POST /:lang/workspace/users/:id": admin,
  "POST /:lang/workspace/users/:id/password-link": admin,
  "GET /:lang/workspace/outbox": admin,

  "GET /:lang/workspace/account/tokens": signedIn,
  "POST /:lang/workspace/account/tokens": signedIn,
  // :id is the requesting person's own token.
  "GET /:lang/workspace/account/tokens/:id/revoke": signedIn,
  "POST /:lang/workspace/account/tokens/:id/revoke": signedIn,

  // The JSON API's records in scope (reads of internal records, and writes).
  "GET /api/v1/organizations/:id": signedIn,
  "GET /api/v1/agreements/:id/documents": signedIn,
  "GET /api/v1/documents/:id": signedIn,
  "GET /api/v1/documents/:id/content": signedIn,
  "GET /api/v1/audit-events": staff,
  "GET /api/v1/history/:entityType/:entityId": signedIn,
  "POST /api/v1/agreements": staff,
  "PATCH /api/v1/agreements/:id": staff,
  "DELETE /api/v1/agreements/:id": staff,
  "POST /api/v1/agreements/:id/transitions": staff,
  "POST /api/v1/agreements/:id/publication": staff,
  "PUT /api/v1/agreements/:id/commitments/:organizationId": staffAndFocal,
  "POST /api/v1/agreements/:id/documents": staffAndFocal,
  "DELETE /api/v1/documents/:id": staff,
  "POST /api/v1/organizations": staff,
  "PATCH /api/v1/organizations/:id": staffAndFocal,
  "DELETE /api/v1/organizations/:id": staff,
  "POST /api/v1/organizations/:id/contacts": staffAndFocal,
  "PATCH /api/v1/organizations/:id/contacts/:contactId": staffAndFocal,
  "DELETE /api/v1/organizations/:id/contacts/:contactId": staffAndFocal,
};

/** The follow-up modules keep their rules beside their routes. */
export const moduleRouteRules: ModuleRouteRules[] = [
  activityRouteRules,
  alertRouteRules,
  calendarRouteRules,
  indicatorRouteRules,
  meetingRouteRules,
  progressRouteRules,
  recentlyDeletedRouteRules,
  translationRouteRules,
];

export const routeRules: Record<string, WalkRole[]> = Object.assign(
  {},
  coreRules,
  ...moduleRouteRules.map((module) => module.rules),
);

export const walkParams: ModuleRouteRules["params"] = Object.assign(
  {},
  ...moduleRouteRules.map((module) => module.params),
);

/**
 * Who reads which record's history, by the record's own rule: the status
 * `GET /api/v1/history/:entityType/:entityId` answers each role for one record of each kind
 * the history covers (made by history-walk.test-support.ts; "scoped" records belong to the walk's scoped
 * agreement, which the focal point's organisation is party to and which names the council's
 * province). `/:lang/workspace/history/…` answers the same, except that it sends the anonymous
 * visitor to sign in. "other_focal_point" acts for an organisation party to nothing the walk
 * makes; the "public" agreement is public, its party is nobody's, it reaches no council's province.
 */
export type HistoryRole = WalkRole | "other_focal_point";
export const historyRoles: HistoryRole[] = [...roles, "other_focal_point"];
export type HistoryStatuses = Record<HistoryRole, 200 | 401 | 403 | 404>;

/** 200 for the readers, 401 for the anonymous public, `others` for everyone else. */
const history = (readers: HistoryRole[], others: 403 | 404): HistoryStatuses =>
  Object.fromEntries(
    historyRoles.map((role) => [role, readers.includes(role) ? 200 : role === "anonymous" ? 401 : others]),
  ) as HistoryStatuses;
const inScope: HistoryRole[] = [...staff, "viewer", "focal_point", "council"];
const everySignedIn: HistoryRole[] = [...signedIn, "other_focal_point"];
const seesAll: HistoryRole[] = [...staff, "viewer"];

export const historyRules: Record<string, HistoryStatuses> = {
  "agreement, scoped": history(inScope, 404),
  "agreement, public": history(everySignedIn, 404),
  // Contacts are left out for those the partners policy keeps them from (audit.history-scope.test.ts).
  "organization, the focal point's own": history(inScope, 404),
  "organization, party to the public agreement only": history(everySignedIn, 404),
  "organization, party only to an internal agreement reaching nobody": history(seesAll, 404),
  "document, internal, of the scoped agreement": history(inScope, 404),
  "document, public, of the public agreement": history(everySignedIn, 404),
  "action_plan, scoped": history(inScope, 404),
  "activity, scoped": history(inScope, 404),
  "activity, of the public agreement": history(everySignedIn, 404),
  "indicator, scoped": history(inScope, 404),
  "indicator, of the public agreement": history(everySignedIn, 404),
  "indicator_value, scoped": history(inScope, 404),
  // Outsiders see approved values without comments; the review trail is the inner circle's.
  "indicator_value, of the public agreement": history(seesAll, 404),
  "committee_member, scoped": history(inScope, 404),
  "meeting, scoped": history(inScope, 404),
  "meeting, of the public agreement": history(seesAll, 404),
  "decision, scoped": history(inScope, 404),
  "follow_up_action, scoped": history(inScope, 404),
  "user, the focal point's account": history(admin, 403),
  "api_token, the focal point's own": history(["admin", "focal_point"], 403),
  "calendar_feed, the focal point's": history(admin, 403),
  "setting, any": history(staff, 403),
  "territory, the council's province": history(staff, 403),
};
