import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { agreementPolicy } from "../access/agreement-access.js";
import { organizations } from "../db/schema/index.js";
import { loadDashboard } from "../progress/dashboard.queries.js";
import { isStaff } from "../shared/actor.js";
import { textOf } from "../shared/localized.js";
import { getTerritory } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { AgreementTable } from "./agreement-table.views.js";
import {
  AgreementsByHealth,
  AgreementsByStatus,
  Attention,
  Budget,
  Deadlines,
  Overdue,
  ReachMap,
} from "./dashboard.views.js";

/** What the person acts for: a focal point's organisation, a council's territory. */
async function scopeLine(c: Context<AppEnv>): Promise<string | undefined> {
  const { db, actor, lang, t } = c.var;
  if (actor.role === "focal_point" && actor.organizationId) {
    const [org] = await db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId));
    return org
      ? t("workspace.dashboard.scopeOrganization", { organization: textOf(org.name, lang) })
      : undefined;
  }
  if (actor.role === "council" && actor.territoryCode) {
    const territory = await getTerritory({ db, code: actor.territoryCode });
    return t("workspace.dashboard.scopeTerritory", {
      territory: textOf(territory.name, lang, territory.code),
    });
  }
  return undefined;
}

/**
 * The workspace's first page: who you are and what you act for; the agreements you may read by
 * status; over the agreements you follow (all for the staff and viewers, a focal point's
 * organisation's, a council's territory's), their health, deadlines, overdue follow-up, budget
 * and those needing attention first; the map of what you may read; drafts and recent changes.
 */
export function dashboardRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/", async (c) => {
    const { db, actor, t } = c.var;
    // Kept per reading scope and registry generation (dashboard.queries.ts); the staff's values
    // awaiting review are counted there too: the staff's scope is every agreement, as "my work"'s.
    const { figures, statuses, drafts, recent, health } = await loadDashboard({ db, actor });
    const scope = await scopeLine(c);
    return renderWorkspace(c, {
      title: t("workspace.dashboard.title"),
      section: "dashboard",
      children: (
        <>
          <h1>{t("workspace.dashboard.title")}</h1>
          <p>{t("workspace.dashboard.welcome", { name: actor.name ?? actor.email ?? "" })}</p>
          {scope ? <p>{scope}</p> : null}
          <p>
            <a href={`/${c.var.lang}/workspace/my-work`}>{t("workspace.dashboard.myWork")}</a>
          </p>
          <AgreementsByStatus total={statuses.total} byStatus={statuses.byStatus} />
          <p>{t("workspace.dashboard.figuresIntro")}</p>
          <AgreementsByHealth figures={figures} />
          <Attention figures={figures} />
          <Deadlines figures={figures} />
          <Overdue figures={figures} awaitingReview={isStaff(actor) ? figures.awaitingReview : undefined} />
          <Budget figures={figures} scoped={!agreementPolicy.seesEverything(actor)} />
          <ReachMap figures={figures} />
          <h2>{t("workspace.dashboard.drafts")}</h2>
          <AgreementTable items={drafts.items} empty={t("workspace.dashboard.noDrafts")} />
          <h2>{t("workspace.dashboard.recent")}</h2>
          <AgreementTable
            items={recent.items}
            health={health}
            empty={t("workspace.dashboard.noAgreements")}
          />
        </>
      ),
    });
  });
  return routes;
}
