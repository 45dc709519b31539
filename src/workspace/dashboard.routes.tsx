import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { listAgreements } from "../agreements/agreements.queries.js";
import { organizations } from "../db/schema/index.js";
import { agreementHealthFor } from "../progress/progress.queries.js";
import { textOf } from "../shared/localized.js";
import { getTerritory } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
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
    const [drafts, recent, scope] = await Promise.all([
      listAgreements({ db, actor, filter: { status: "draft" }, limit: 10 }),
      listAgreements({ db, actor, limit: 10 }),
      scopeLine(c),
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
          <h2>{t("workspace.dashboard.drafts")}</h2>
          <AgreementTable items={drafts.items} />
          <h2>{t("workspace.dashboard.recent")}</h2>
          <AgreementTable items={recent.items} health={health} />
        </>
      ),
    });
  });
  return routes;
}
