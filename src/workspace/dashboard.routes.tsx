import { type Context, Hono } from "hono";
import { raw } from "hono/html";
import { agreementPolicy } from "../access/agreement-access.js";
import { loadDashboard } from "../progress/dashboard.queries.js";
import { isStaff } from "../shared/actor.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { getTerritory } from "../territories/territories.service.js";
import { publicTranslationGaps } from "../translations/completeness.js";
import { TranslationGapsLine } from "../translations/completeness.views.js";
import type { AppEnv } from "../web/context.js";
import { onceFor } from "../web/once-for.js";
import { renderWorkspace } from "../web/page.js";
import { PageLanguageContext, usePage } from "../web/page-context.js";
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

/** What the person acts for: a focal point's organisation (kept with its dashboard), a council's territory. */
async function scopeLine(
  c: Context<AppEnv>,
  organizationName: LocalizedText | null,
): Promise<string | undefined> {
  const { db, actor, lang, t } = c.var;
  if (organizationName)
    return t("workspace.dashboard.scopeOrganization", { organization: textOf(organizationName, lang) });
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
    const { db, actor, lang, t } = c.var;
    // Kept per reading scope and registry generation (dashboard.queries.ts); the staff's values
    // awaiting review are counted there too: the staff's scope is every agreement, as "my work"'s.
    const dashboard = await loadDashboard({ db, actor });
    const staff = isStaff(actor);
    const scopedBudget = !agreementPolicy.seesEverything(actor);
    // Everyone of one reading scope reads the same figures: they are laid out once per language
    // (and the two things the role changes) for as long as the figures are kept, instead of on
    // every request (the map alone is 75 linked shapes).
    const figuresHtml = onceFor(dashboard.figures, `${lang}|${staff}|${scopedBudget}`, () =>
      (
        <PageLanguageContext.Provider value={{ lang, t }}>
          <DashboardFigures dashboard={dashboard} staff={staff} scopedBudget={scopedBudget} />
        </PageLanguageContext.Provider>
      ).toString(),
    );
    const scope = await scopeLine(c, dashboard.organizationName);
    // the staff, who translate, see what the public reads in another language than its own
    const gaps = staff ? await publicTranslationGaps({ db }) : undefined;
    return renderWorkspace(c, {
      title: t("workspace.dashboard.title"),
      section: "dashboard",
      children: (
        <>
          <h1>{t("workspace.dashboard.title")}</h1>
          <p>{t("workspace.dashboard.welcome", { name: actor.name ?? actor.email ?? "" })}</p>
          {scope ? <p>{scope}</p> : null}
          <p>
            <a href={`/${lang}/workspace/my-work`}>{t("workspace.dashboard.myWork")}</a>
          </p>
          {gaps ? <TranslationGapsLine gaps={gaps} t={t} /> : null}
          {raw(await figuresHtml)}
        </>
      ),
    });
  });
  return routes;
}

/** Everything of the dashboard that its reading scope decides (not who reads it). */
function DashboardFigures({
  dashboard: { figures, statuses, drafts, recent, health },
  staff,
  scopedBudget,
}: {
  dashboard: Awaited<ReturnType<typeof loadDashboard>>;
  staff: boolean;
  scopedBudget: boolean;
}) {
  const { t } = usePage();
  return (
    <>
      <AgreementsByStatus total={statuses.total} byStatus={statuses.byStatus} />
      <p>{t("workspace.dashboard.figuresIntro")}</p>
      <AgreementsByHealth figures={figures} />
      <Attention figures={figures} />
      <Deadlines figures={figures} />
      <Overdue figures={figures} awaitingReview={staff ? figures.awaitingReview : undefined} />
      <Budget figures={figures} scoped={scopedBudget} />
      <ReachMap figures={figures} />
      <h2>{t("workspace.dashboard.drafts")}</h2>
      <AgreementTable items={drafts.items} empty={t("workspace.dashboard.noDrafts")} />
      <h2>{t("workspace.dashboard.recent")}</h2>
      <AgreementTable items={recent.items} health={health} empty={t("workspace.dashboard.noAgreements")} />
    </>
  );
}
