import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { countAgreementsByStatus, listAgreements } from "../agreements/agreements.queries.js";
import { agreementStatuses, organizations } from "../db/schema/index.js";
import { agreementHealthFor } from "../progress/progress.queries.js";
import { formatNumber } from "../shared/i18n.js";
import { textOf } from "../shared/localized.js";
import { getTerritory } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { AgreementTable } from "./agreement-table.views.js";

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

/** The workspace's first page: who you are, what you act for, what is being worked on. */
export function dashboardRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/", async (c) => {
    const { db, actor, lang, t } = c.var;
    const [drafts, recent, scope, statuses] = await Promise.all([
      listAgreements({ db, actor, filter: { status: "draft" }, limit: 10 }),
      listAgreements({ db, actor, limit: 10 }),
      scopeLine(c),
      countAgreementsByStatus({ db, actor }),
    ]);
    const health = await agreementHealthFor({ db, actor, agreementIds: recent.items.map((item) => item.id) });
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
          <AgreementsByStatus total={statuses.total} byStatus={statuses.byStatus} />
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

/**
 * The agreements the person may read, by status: each count links to the workspace's list with
 * that status, which counts the same agreements (the same rule decides what both read).
 */
function AgreementsByStatus({
  total,
  byStatus,
}: {
  total: number;
  byStatus: Awaited<ReturnType<typeof countAgreementsByStatus>>["byStatus"];
}) {
  const { lang, t } = usePage();
  return (
    <section aria-labelledby="by-status-heading">
      <h2 id="by-status-heading">{t("workspace.dashboard.byStatus")}</h2>
      <table class="data figures">
        <caption class="visually-hidden">{t("workspace.dashboard.byStatus")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("agreement.status")}</th>
            <th scope="col" class="number">
              {t("workspace.dashboard.count")}
            </th>
          </tr>
        </thead>
        <tbody>
          {agreementStatuses.map((status) => (
            <tr>
              <th scope="row">{t(`status.${status}`)}</th>
              <td class="number">
                {byStatus[status] ? (
                  <a href={agreementPaths.list(lang, new URLSearchParams({ status }).toString())}>
                    {formatNumber(lang, byStatus[status] ?? 0)}
                  </a>
                ) : (
                  formatNumber(lang, 0)
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("workspace.dashboard.total")}</th>
            <td class="number">
              <a href={agreementPaths.list(lang)}>{formatNumber(lang, total)}</a>
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
