import { buildAgreement, buildUser } from "../../test/factories.js";
import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { everyone, signedIn } from "../../test/walk-roles.js";
import { actorFromUser } from "../users/users.presenter.js";
import { createCalendarFeed } from "./calendar.service.js";

/**
 * Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters.
 * - The workspace page and its two forms: every signed-in person, for their own address.
 * - A personal feed needs no session: its secret is the credential, so whoever holds a real
 *   one is let through, and a bogus one is "not found" for everyone alike. The walk's
 *   `:feedFile` is a real secret (a viewer's fresh address) followed by ".ics".
 * - A public agreement's feed is the portal's: the walk's `:publicAgreementId` is a public
 *   agreement (an internal one is "not found" for everyone, as on the portal).
 */
export const calendarRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/calendar": signedIn,
    "POST /:lang/workspace/calendar/feed": signedIn,
    "POST /:lang/workspace/calendar/feed/revoke": signedIn,
    "GET /calendar/feeds/:feedFile": everyone,
    "GET /:lang/agreements/:publicAgreementId/calendar.ics": everyone,
  },
  params: {
    ":feedFile": async ({ db }) => {
      const owner = await buildUser(db, { role: "viewer" });
      const { secret } = await createCalendarFeed({ db, actor: actorFromUser(owner) });
      return `${secret}.ics`;
    },
    ":publicAgreementId": async ({ db }) => (await buildAgreement(db, { visibility: "public" })).id,
  },
};
