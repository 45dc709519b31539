import { Hono } from "hono";
import { asAppError } from "../shared/errors.js";
import type { AppEnv } from "../web/context.js";
import { readFormBody, textField } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { licenceIdOf, readOpenDataLicence } from "./open-data.queries.js";
import { assertCanSetLicence, setOpenDataLicence } from "./open-data.service.js";
import { LicencePage, licencePagePath } from "./open-data-licence.views.js";

/** /{lang}/workspace/open-data/licence: the open data's licence, the administrator's choice. Mounted by workspace/. */
export function openDataLicenceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/open-data/licence", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanSetLicence(actor);
    const licence = await readOpenDataLicence(db);
    return renderWorkspace(c, {
      title: t("spreadsheets.licenceForm.title"),
      section: "open-data",
      children: (
        <LicencePage
          lang={lang}
          t={t}
          chosen={licenceIdOf(licence)}
          current={licence.name}
          notice={c.req.query("notice") === "saved" ? t("spreadsheets.licenceForm.saved") : undefined}
        />
      ),
    });
  });

  routes.post("/open-data/licence", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanSetLicence(actor);
    const body = await readFormBody(c);
    try {
      await setOpenDataLicence({ db, actor, input: { licence: textField(body, "licence") } });
    } catch (error) {
      const refused = asAppError(error);
      if (refused?.code !== "validation") throw error;
      const licence = await readOpenDataLicence(db);
      return renderWorkspace(c, {
        title: t("spreadsheets.licenceForm.title"),
        section: "open-data",
        status: 400,
        children: <LicencePage lang={lang} t={t} chosen={undefined} current={licence.name} error={refused} />,
      });
    }
    return c.redirect(`${licencePagePath(lang)}?notice=saved`, 303);
  });

  return routes;
}
