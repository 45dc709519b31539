import type { Auth } from "../auth/auth.js";
import type { Database } from "../db/client.js";
import type { Mailer } from "../mail/mail.service.js";
import type { Actor } from "../shared/actor.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import type { BuildSlots } from "./build-slots.js";
import type { WorkspaceMenuItem } from "./layout.js";

/** What every request carries through the Hono context. */
export type AppEnv = {
  Variables: {
    db: Database;
    actor: Actor;
    auth: Auth;
    services: AppServices;
    /** set by the portal's language prefix; absent on /api */
    lang: Language;
    t: Translate;
    /** this request's id (X-Request-Id), in its log line and its response */
    requestId?: string;
    /** the workspace menu's entries, set by the workspace that mounts the modules */
    workspaceMenu?: readonly WorkspaceMenuItem[];
  };
};

/** What the application is built with, beyond the database. */
export interface AppServices {
  publicUrl: string;
  mailer: Mailer;
  /** where uploaded documents are kept (a folder in the data folder) */
  uploadsDir: string;
  uploadMaxBytes: number;
  /** the largest body of any other request (forms, JSON) */
  bodyMaxBytes: number;
  trustedProxies: string[];
  /** addresses or CIDR ranges that may read /metrics */
  metricsAllow: string[];
  /** memory for the public answers kept between writes (0: none) */
  publicCacheBytes: number;
  /** the spreadsheet exports this process makes at once (EXPORT_BUILDS) */
  exportSlots: BuildSlots;
  /** the association's IATI organisation identifier: the IATI file is published once it is set */
  iatiOrganisationId?: string;
}
