import { agreementPolicy } from "../access/agreement-access.js";
import { auditPolicy } from "../audit/audit.policy.js";
import { recentlyDeletedPolicy } from "../audit/recently-deleted.policy.js";
import { outboxPolicy } from "../mail/outbox.policy.js";
import { openDataPolicy } from "../opendata/open-data.service.js";
import { progressPolicy } from "../progress/progress.policy.js";
import { userPolicy } from "../users/users.policy.js";
import type { WorkspaceMenuItem } from "../web/layout.js";

/** The workspace menu, in its order; an entry with a policy shows to those the page lets in. */
export const workspaceMenu: readonly WorkspaceMenuItem[] = [
  { section: "dashboard", path: "", key: "workspace.nav.dashboard" },
  { section: "my-work", path: "/my-work", key: "workspace.nav.myWork" },
  { section: "alerts", path: "/alerts", key: "workspace.nav.alerts" },
  // A council's own territory; the staff and viewers choose one there. Focal points act for an organisation.
  {
    section: "territory",
    path: "/territory",
    key: "workspace.nav.territory",
    shows: progressPolicy.canViewTerritories,
  },
  { section: "agreements", path: "/agreements", key: "workspace.nav.agreements" },
  { section: "organizations", path: "/organizations", key: "workspace.nav.organizations" },
  { section: "documents", path: "/documents", key: "workspace.nav.documents" },
  {
    section: "spreadsheet-import",
    path: "/import/spreadsheet",
    key: "workspace.nav.spreadsheetImport",
    shows: agreementPolicy.canEdit,
  },
  { section: "audit", path: "/audit", key: "workspace.nav.audit", shows: auditPolicy.canReadLog },
  {
    section: "recently-deleted",
    path: "/recently-deleted",
    key: "undo.recentlyDeleted.menu",
    shows: recentlyDeletedPolicy.canRestore,
  },
  { section: "tokens", path: "/account/tokens", key: "workspace.nav.tokens" },
  { section: "calendar", path: "/calendar", key: "workspace.nav.calendar" },
  { section: "users", path: "/users", key: "workspace.nav.users", shows: userPolicy.canManage },
  { section: "outbox", path: "/outbox", key: "workspace.nav.outbox", shows: outboxPolicy.canRead },
  {
    section: "open-data",
    path: "/open-data/licence",
    key: "workspace.nav.openDataLicence",
    shows: openDataPolicy.canSetLicence,
  },
];
