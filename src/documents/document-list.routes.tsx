import { Hono } from "hono";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import { agreementRef } from "../agreements/agreements.queries.js";
import { notFound } from "../shared/errors.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { parsePageQuery } from "../web/validation.js";
import { DocumentListView } from "./document-list.views.js";
import { documentListQuery } from "./documents.input.js";
import { pageDocuments } from "./documents.queries.js";

const PAGE_SIZE = 50;

/** /{lang}/workspace/documents: the documents a person may read, filtered, sorted, a page at a time. */
export function documentListPages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/documents", async (c) => {
    const { db, actor, lang, t } = c.var;
    const { page, ...filter } = parsePageQuery(documentListQuery, c.req.query(), t);
    // Narrowed to an agreement the person may not read: not found, as its page would be.
    if (filter.agreement) await assertCanReadAgreement({ db, actor, id: filter.agreement });
    const [found, agreement] = await Promise.all([
      pageDocuments({ db, actor, filter, lang, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      filter.agreement ? agreementRef(db, filter.agreement) : undefined,
    ]);
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    if (filter.agreement && !agreement) throw notFound("Agreement", filter.agreement);
    return renderWorkspace(c, {
      title: agreement
        ? t("documents.list.ofAgreement", { reference: agreement.reference })
        : t("documents.list.title"),
      section: "documents",
      children: (
        <DocumentListView
          filter={filter}
          found={found}
          page={page}
          pages={pages}
          agreement={agreement}
          canManage={actor.tokenScope !== "read"}
        />
      ),
    });
  });
  return routes;
}
