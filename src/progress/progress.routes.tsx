import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { z } from "zod";
import { councilCodeSchema } from "../activities/activities.input.js";
import { activityPolicy } from "../activities/activities.policy.js";
import { activityNotice } from "../activities/activities.views.js";
import { textOf } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { Notice, renderWorkspace } from "../web/page.js";
import { parsePageQuery } from "../web/validation.js";
import { loadMyWork } from "./my-work.queries.js";
import { MyWorkPage } from "./my-work.views.js";
import { registerProgressRoutes } from "./progress.api.js";
import { progressPolicy, territoryToView } from "./progress.policy.js";
import { listCouncilTerritories, loadTerritoryView } from "./territory.queries.js";
import { TerritoryChooser, TerritoryPage } from "./territory.views.js";

/** `territory`: the prefecture or province a staff member or viewer looks at (as the agreements list's filter). */
const territoryQuery = z.object({
  // A council's territory: a prefecture or province, not a region (regions have no council).
  territory: z.preprocess(blankToUndefined, councilCodeSchema.optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** `page`: of the agreements with something late or due (a page past the last one: 404). */
const myWorkQuery = z.object({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** /{lang}/workspace/… pages of this module (mounted by src/workspace/workspace.routes.tsx). */
export function progressWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/my-work", async (c) => {
    const { db, actor, t } = c.var;
    const { page } = parsePageQuery(myWorkQuery, c.req.query(), t);
    const work = await loadMyWork({ db, actor, page });
    return renderWorkspace(c, {
      title: t("progress.myWork.title"),
      section: "my-work",
      children: <MyWorkPage work={work} />,
    });
  });

  app.get("/territory", async (c) => {
    const { db, actor, lang, t } = c.var;
    // Who may look is decided before the query is read.
    territoryToView(actor, undefined);
    const query = parsePageQuery(territoryQuery, c.req.query(), t);
    const code = territoryToView(actor, query.territory);
    const chooser = progressPolicy.choosesTerritory(actor) ? (
      <TerritoryChooser territories={await listCouncilTerritories(db)} selected={code} />
    ) : null;
    const view = code ? await loadTerritoryView({ db, actor, code, page: query.page }) : undefined;
    const name = view ? textOf(view.territory.name, lang, view.territory.code) : undefined;
    const title = name ? t("progress.territory.titleOf", { territory: name }) : t("progress.territory.title");
    return renderWorkspace(c, {
      title,
      section: "territory",
      children: (
        <>
          <h1>{title}</h1>
          <Notice text={activityNotice(t, c.req.query("notice"))} />
          {chooser}
          {view ? (
            <TerritoryPage
              view={view}
              recordsAttendance={activityPolicy.canRecordAttendance(actor, view.territory.code)}
            />
          ) : (
            <p>{t("progress.territory.pick")}</p>
          )}
        </>
      ),
    });
  });

  return app;
}

/** /api/v1/… routes of this module (registered by src/api/api.routes.ts). */
export function registerProgressApi(api: OpenAPIHono<AppEnv>): void {
  registerProgressRoutes(api);
}
