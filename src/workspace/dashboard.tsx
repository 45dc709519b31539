import { Hono } from "hono";
import { listAgreements } from "../agreements/agreements.queries.js";
import type { AppEnv } from "../web/context.js";
import { AgreementTable } from "./components.js";
import { renderWorkspace } from "./page.js";

/** The workspace's first page: who you are, what you act for, what is being worked on. */
export function dashboardRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/", async (c) => {
    const { db, actor, lang, t } = c.var;
    const [drafts, recent] = await Promise.all([
      listAgreements({ db, actor, filter: { status: "draft" }, limit: 10 }),
      listAgreements({ db, actor, limit: 10 }),
    ]);
    return renderWorkspace(c, {
      title: t("workspace.dashboard.title"),
      section: "dashboard",
      children: (
        <>
          <h1>{t("workspace.dashboard.title")}</h1>
          <p>{t("workspace.dashboard.welcome", { name: actor.name ?? actor.email ?? "" })}</p>
          <h2>{t("workspace.dashboard.drafts")}</h2>
          <AgreementTable lang={lang} t={t} items={drafts.items} />
          <h2>{t("workspace.dashboard.recent")}</h2>
          <AgreementTable lang={lang} t={t} items={recent.items} />
        </>
      ),
    });
  });
  return routes;
}
