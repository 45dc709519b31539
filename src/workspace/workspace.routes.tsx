import { Hono } from "hono";
import { activityWorkspaceRoutes } from "../activities/activities.routes.js";
import { agreementWorkspaceRoutes } from "../agreements/agreements.routes.js";
import { alertWorkspaceRoutes } from "../alerts/alerts.routes.js";
import { auditWorkspaceRoutes } from "../audit/audit.routes.js";
import { recentlyDeletedRoutes } from "../audit/recently-deleted.routes.js";
import { authPageRoutes } from "../auth/auth.routes.js";
import { calendarWorkspaceRoutes } from "../calendar/calendar.routes.js";
import { agreementReadingRoutes } from "../documents/agreement-reading.routes.js";
import { documentListPages } from "../documents/document-list.routes.js";
import { documentWorkspaceRoutes } from "../documents/documents.routes.js";
import { spreadsheetImportRoutes } from "../imports/spreadsheet-import.routes.js";
import { indicatorWorkspaceRoutes } from "../indicators/indicators.routes.js";
import { outboxWorkspaceRoutes } from "../mail/outbox.routes.js";
import { meetingWorkspaceRoutes } from "../meetings/meetings.routes.js";
import { openDataLicenceRoutes } from "../opendata/open-data-licence.routes.js";
import { organizationWorkspaceRoutes } from "../partners/organizations.routes.js";
import { progressWorkspaceRoutes } from "../progress/progress.routes.js";
import { reportWorkspaceRoutes } from "../reports/reports.routes.js";
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { spreadsheetWorkspaceRoutes } from "../spreadsheets/spreadsheets.routes.js";
import { tokenWorkspaceRoutes } from "../tokens/tokens.routes.js";
import { translationRoutes } from "../translations/translations.routes.js";
import { userWorkspaceRoutes } from "../users/users.routes.js";
import type { AppEnv } from "../web/context.js";
import { requireSignedIn } from "../web/page.js";
import { dashboardRoutes } from "./dashboard.routes.js";
import { globalSearchRoutes } from "./global-search.routes.js";
import { agreementPageParts, organizationPageParts } from "./page-parts.js";
import { workspaceMenu } from "./workspace.menu.js";

const publicPaths = new Set(["/sign-in", "/sign-out", "/forgot-password", "/reset-password"]);

/** /{lang}/workspace/…: the sign-in pages, then everything else behind a signed-in session. */
function localizedWorkspace(lang: (typeof languages)[number]): Hono<AppEnv> {
  const workspace = new Hono<AppEnv>();
  workspace.use(async (c, next) => {
    c.set("lang", lang);
    c.set("t", translator(lang));
    c.set("workspaceMenu", workspaceMenu);
    // Workspace pages are personal: never kept by a shared cache.
    c.header("cache-control", "no-store");
    const rest = c.req.path.slice(`/${lang}/workspace`.length) || "/";
    if (!publicPaths.has(rest)) requireSignedIn(c);
    await next();
  });
  workspace.route("/", authPageRoutes());
  workspace.route("/", dashboardRoutes());
  workspace.route("/", globalSearchRoutes());
  // Before the pages: "agreements/<id>.pdf" is a report, not an agreement page.
  workspace.route("/", reportWorkspaceRoutes());
  // Before the pages too: "agreements.xlsx" is a workbook (the same goes for the portal's).
  workspace.route("/", spreadsheetWorkspaceRoutes());
  workspace.route("/", agreementWorkspaceRoutes(agreementPageParts));
  workspace.route("/", organizationWorkspaceRoutes(organizationPageParts));
  workspace.route("/", documentListPages());
  workspace.route("/", documentWorkspaceRoutes());
  workspace.route("/", auditWorkspaceRoutes());
  workspace.route("/", recentlyDeletedRoutes());
  workspace.route("/", userWorkspaceRoutes());
  workspace.route("/", tokenWorkspaceRoutes());
  workspace.route("/", outboxWorkspaceRoutes());
  workspace.route("/", activityWorkspaceRoutes());
  workspace.route("/", indicatorWorkspaceRoutes());
  workspace.route("/", meetingWorkspaceRoutes());
  workspace.route("/", progressWorkspaceRoutes());
  workspace.route("/", alertWorkspaceRoutes());
  workspace.route("/", calendarWorkspaceRoutes());
  workspace.route("/", spreadsheetImportRoutes());
  workspace.route("/", agreementReadingRoutes());
  workspace.route("/", openDataLicenceRoutes());
  workspace.route("/", translationRoutes());
  return workspace;
}

export function workspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const lang of languages) app.route(`/${lang}/workspace`, localizedWorkspace(lang));
  return app;
}
