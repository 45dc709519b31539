import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { staff } from "../../test/walk-roles.js";

/**
 * Who may use the translation queue's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters. The walk's accounts have no translator permission: the staff translate
 * into every language; a translator's own languages, and nothing else, are walked in
 * translations.routes.test.ts and translations.api.test.ts.
 */
export const translationRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/translations": staff,
    "GET /:lang/workspace/translations/:target": staff,
    "POST /:lang/workspace/translations/:target": staff,
    "GET /api/v1/translations/:target": staff,
    "PUT /api/v1/translations/:target/:kind/:recordId": staff,
  },
  params: {
    ":target": async () => "en",
    ":kind": async () => "agreement",
    ":recordId": async ({ agreementId }) => agreementId,
  },
};
