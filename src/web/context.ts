import type { Database } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";

/** What every request carries through the Hono context. */
export type AppEnv = {
  Variables: {
    db: Database;
    actor: Actor;
    /** set by the portal's language prefix; absent on /api */
    lang: Language;
    t: Translate;
  };
};
