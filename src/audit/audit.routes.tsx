import { Hono } from "hono";
import { z } from "zod";
import { AppError, notFound } from "../shared/errors.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { parsePageQuery } from "../web/validation.js";
import { auditFilterShape } from "./audit.filters.js";
import { agreementNameOf, entityTypeLabel, recordName, referencesOf } from "./audit.labels.js";
import { assertCanReadAuditLog } from "./audit.policy.js";
import { getRecordHistory, listAuditActors, listAuditEvents } from "./audit.queries.js";
import { EventList, entityPath, FilterForm, historyPath, Pagination } from "./audit.views.js";
import { nameRecords } from "./audit-names.queries.js";

export { EventList } from "./audit.views.js";

export const AUDIT_PAGE_SIZE = 50;

const pageField = {
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
};
const logQuery = z.object({ ...auditFilterShape, ...pageField });
const historyQuery = z.object(pageField);
const historyParams = z.object({
  entityType: z.string().regex(/^[a-z_]{1,50}$/),
  entityId: z.string().min(1).max(200),
});

const pageCount = (total: number) => Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

/** Workspace pages for the audit log and record histories: reading only, there is nothing to change. */
export function auditWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/audit", async (c) => {
    const { db, actor, lang, t } = c.var;
    // Who may look comes first: a refused visitor learns nothing from a validation message.
    assertCanReadAuditLog(actor);
    const { page, ...filter } = parsePageQuery(logQuery, c.req.query(), t);
    const actors = await listAuditActors({ db, actor });
    // A person the log has never heard of is a mistaken address, not an empty page.
    if (filter.actor && !actors.some((option) => option.id === filter.actor))
      throw new AppError("validation", `No one called ${filter.actor} wrote in the log`, {
        issues: [{ field: "actor", message: "Unknown actor", reason: "unknownRecord" }],
      });
    const result = await listAuditEvents({
      db,
      actor,
      filter,
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    const names = await nameRecords({ db, actor, lang, wanted: referencesOf(result.items) });
    return renderWorkspace(c, {
      title: t("audit.title"),
      section: "audit",
      children: (
        <>
          <h1>{t("audit.title")}</h1>
          <p>{t("audit.intro")}</p>
          <div class="catalogue">
            <FilterForm filter={filter} actors={actors} />
            <section id="results" aria-labelledby="audit-results-heading">
              <h2 id="audit-results-heading">{t("audit.results", { count: result.total })}</h2>
              <EventList events={result.items} names={names} />
              <Pagination
                base={`/${lang}/workspace/audit`}
                filter={filter}
                page={page}
                pages={pageCount(result.total)}
              />
            </section>
          </div>
        </>
      ),
    });
  });

  routes.get("/history/:entityType/:entityId", async (c) => {
    const { db, actor, lang, t } = c.var;
    const params = historyParams.safeParse(c.req.param());
    if (!params.success) throw notFound("Record", c.req.param("entityId"));
    const { entityType, entityId } = params.data;
    const { page } = parsePageQuery(historyQuery, c.req.query(), t);
    const result = await getRecordHistory({
      db,
      actor,
      entityType,
      entityId,
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    const names = await nameRecords({ db, actor, lang, wanted: referencesOf(result.items) });
    const [newest] = result.items;
    const name = newest ? recordName(newest, names, lang, result.items) : undefined;
    const agreement = newest ? agreementNameOf(newest, names) : undefined;
    const record = [
      `${entityTypeLabel(t, entityType)} ${name ?? t("audit.unnamedRecord")}`,
      agreement ? `${t("audit.ofAgreement")} ${agreement}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
    const path = entityPath(lang, entityType, entityId);
    return renderWorkspace(c, {
      title: t("audit.historyTitle", { record }),
      section: "none",
      children: (
        <>
          <h1 dir="auto">{t("audit.historyTitle", { record })}</h1>
          {path ? (
            <p>
              <a href={path}>{t("audit.openRecord")}</a>
            </p>
          ) : null}
          <section aria-labelledby="history-results-heading">
            <h2 id="history-results-heading">{t("audit.results", { count: result.total })}</h2>
            <EventList events={result.items} names={names} historyLinks={false} />
            <Pagination
              base={historyPath(lang, entityType, entityId)}
              filter={{}}
              page={page}
              pages={pageCount(result.total)}
            />
          </section>
        </>
      ),
    });
  });

  return routes;
}
