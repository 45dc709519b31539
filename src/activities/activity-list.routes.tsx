import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { agreementTrail } from "../agreements/agreement-trail.js";
import { agreementRef } from "../agreements/agreements.queries.js";
import { actionPlans } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/periods.js";
import { notFound } from "../shared/errors.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { recordParam } from "../web/params.js";
import { parsePageQuery } from "../web/validation.js";
import { activityListQuery } from "./activities.input.js";
import { activityPolicy } from "./activities.policy.js";
import { pageAgreementActivities } from "./activities.queries.js";
import { ActivityListView } from "./activity-list.views.js";

const PAGE_SIZE = 50;

/** /{lang}/workspace/agreements/:id/activities: an agreement's activities, filtered, sorted, a page at a time. */
export function activityListPages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/agreements/:id/activities", async (c) => {
    const { db, actor, lang, t } = c.var;
    const agreementId = recordParam(c, "id", "Agreement");
    const { page, ...filter } = parsePageQuery(activityListQuery, c.req.query(), t);
    // Reads the agreement's activities only if the actor may read the agreement (404 otherwise).
    const found = await pageAgreementActivities({
      db,
      actor,
      agreementId,
      filter,
      lang,
      today: todayInMorocco(),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    const [agreement, plans] = await Promise.all([
      agreementRef(db, agreementId),
      db
        .select({ id: actionPlans.id, title: actionPlans.title })
        .from(actionPlans)
        .where(eq(actionPlans.agreementId, agreementId))
        .orderBy(asc(actionPlans.periodStart), asc(actionPlans.createdAt)),
    ]);
    if (!agreement) throw notFound("Agreement", agreementId);
    return renderWorkspace(c, {
      title: t("activities.list.title", { reference: agreement.reference }),
      section: "agreements",
      trail: agreementTrail({ lang, t, agreement, page: t("shell.sections.plans") }),
      children: (
        <ActivityListView
          agreement={agreement}
          plans={plans}
          filter={filter}
          found={found}
          page={page}
          pages={pages}
          canReport={(activity) => activityPolicy.canReport(actor, activity)}
        />
      ),
    });
  });
  return routes;
}
