import { agreementPolicy } from "../access/agreement-access.js";
import { auditPolicy } from "../audit/audit.policy.js";
import { recentlyDeletedPolicy } from "../audit/recently-deleted.policy.js";
import { outboxPolicy } from "../mail/outbox.policy.js";
import { openDataPolicy } from "../opendata/open-data.service.js";
import { progressPolicy } from "../progress/progress.policy.js";
import { translationPolicy } from "../translations/translations.policy.js";
import { userPolicy } from "../users/users.policy.js";
import type { WorkspaceMenuItem } from "../web/layout.js";

/**
 * The workspace menu, in its order, each entry in its group (the layout shows the groups in
 * workspaceMenuGroups' order); an entry with a policy shows to those the page lets in.
 */
export const workspaceMenu: readonly WorkspaceMenuItem[] = [
  { section: "dashboard", group: "followUp", path: "", key: "workspace.nav.dashboard" },
  { section: "my-work", group: "followUp", path: "/my-work", key: "workspace.nav.myWork" },
  { section: "alerts", group: "alertsCalendar", path: "/alerts", key: "workspace.nav.alerts" },
  // A council's own territory; the staff and viewers choose one there. Focal points act for an organisation.
  {
    section: "territory",
    group: "followUp",
    path: "/territory",
    key: "workspace.nav.territory",
    shows: progressPolicy.canViewTerritories,
  },
  { section: "agreements", group: "registry", path: "/agreements", key: "workspace.nav.agreements" },
  { section: "organizations", group: "registry", path: "/organizations", key: "workspace.nav.organizations" },
  { section: "documents", group: "registry", path: "/documents", key: "workspace.nav.documents" },
  {
    section: "spreadsheet-import",
    group: "registry",
    path: "/import/spreadsheet",
    key: "workspace.nav.spreadsheetImport",
    shows: agreementPolicy.canEdit,
  },
  {
    section: "translations",
    group: "registry",
    path: "/translations",
    key: "workspace.nav.translations",
    shows: translationPolicy.canTranslate,
  },
  {
    section: "audit",
    group: "administration",
    path: "/audit",
    key: "workspace.nav.audit",
    shows: auditPolicy.canReadLog,
  },
  {
    section: "recently-deleted",
    group: "administration",
    path: "/recently-deleted",
    key: "undo.recentlyDeleted.menu",
    shows: recentlyDeletedPolicy.canRestore,
  },
  { section: "tokens", group: "administration", path: "/account/tokens", key: "workspace.nav.tokens" },
  { section: "calendar", group: "alertsCalendar", path: "/calendar", key: "workspace.nav.calendar" },
  {
    section: "users",
    group: "administration",
    path: "/users",
    key: "workspace.nav.users",
    shows: userPolicy.canManage,
  },
  {
    section: "outbox",
    group: "administration",
    path: "/outbox",
    key: "workspace.nav.outbox",
    shows: outboxPolicy.canRead,
  },
  {
    section: "open-data",
    group: "administration",
    path: "/open-data/licence",
    key: "workspace.nav.openDataLicence",
    shows: openDataPolicy.canSetLicence,
  },
];
