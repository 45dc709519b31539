import { Hono } from "hono";
import { anonymous } from "../shared/actor.js";
import { formatDate, translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { sheetsFor } from "../spreadsheets/spreadsheets.service.js";
import { publicTranslationGaps } from "../translations/completeness.js";
import type { AppEnv } from "../web/context.js";
import { readOpenDataLicence, readPublicDataState } from "./open-data.queries.js";
import { OpenDataPage } from "./open-data.views.js";
import { openDataPaths } from "./open-data-files.api.js";

/**
 * /{lang}/open-data: the public registry's bulk downloads (one XLSX, a CSV per table, the IATI
 * file), its licence and date, and the data dictionary, from the workbook layout. Mounted before
 * the portal, with no middleware (which would run for every /{lang}/ address).
 */
export function openDataPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sheets = sheetsFor(anonymous);
  for (const lang of languages) {
    const t = translator(lang);
    app.get(`/${lang}/open-data`, async (c) => {
      const { db, services } = c.var;
      const [licence, state, gaps] = await Promise.all([
        readOpenDataLicence(db),
        readPublicDataState(db, "state"),
        publicTranslationGaps({ db }),
      ]);
      return c.html(
        <OpenDataPage
          lang={lang}
          t={t}
          licence={licence}
          gaps={gaps}
          dataDate={
            state.changedAt ? formatDate(lang, state.changedAt.toISOString().slice(0, 10)) : undefined
          }
          sheets={sheets.map((entry) => ({ ...entry, csv: openDataPaths.csv(entry.sheet.key) }))}
          workbook={openDataPaths.workbook(lang)}
          json={openDataPaths.json(lang)}
          iati={services.iatiOrganisationId ? openDataPaths.iati : undefined}
        />,
      );
    });
  }
  return app;
}
