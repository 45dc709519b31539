import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import type { AppEnv } from "../web/context.js";
import { activityPolicy } from "./activities.policy.js";
import { listAgreementPlans } from "./activities.queries.js";
import { ActivitySectionView, activityNotice } from "./activities.views.js";

/**
 * This module's part of the workspace page of an agreement the actor may read (rendered by
 * src/agreements/agreements.routes.tsx): its action plans, each with a table of its
 * activities, and what the actor may do with them.
 */
export async function activitySection(c: Context<AppEnv>, agreement: AgreementDetail): Promise<Child> {
  const { db, actor, t } = c.var;
  const plans = await listAgreementPlans({ db, actor, agreementId: agreement.id });
  return (
    <ActivitySectionView
      agreementId={agreement.id}
      plans={plans}
      canManage={activityPolicy.canManage(actor)}
      canReport={(activity) => activityPolicy.canReport(actor, activity)}
      notice={activityNotice(t, c.req.query("notice"))}
    />
  );
}
