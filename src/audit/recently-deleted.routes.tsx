import { Hono } from "hono";
import { z } from "zod";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { noticeText } from "../web/params.js";
import { parsePageQuery } from "../web/validation.js";
import { assertCanRestoreDeleted } from "./recently-deleted.policy.js";
import { listRecentlyDeleted, restoreDeletedRecord } from "./recently-deleted.service.js";
import { RecentlyDeletedPage, recentlyDeletedPath } from "./recently-deleted.views.js";

const PAGE_SIZE = 50;
const listQuery = z.object({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** /{lang}/workspace/recently-deleted: the staff's list of what was deleted, and putting it back. */
export function recentlyDeletedRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/recently-deleted", async (c) => {
    const { db, actor, t } = c.var;
    assertCanRestoreDeleted(actor);
    const { page } = parsePageQuery(listQuery, c.req.query(), t);
    const { items, total } = await listRecentlyDeleted({ db, actor, page, pageSize: PAGE_SIZE });
    return renderWorkspace(c, {
      title: t("undo.recentlyDeleted.title"),
      section: "recently-deleted",
      children: (
        <RecentlyDeletedPage
          items={items}
          page={page}
          pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
          notice={noticeText(t, c.req.query("notice"), { restored: "undo.recentlyDeleted.restored" })}
        />
      ),
    });
  });

  routes.post("/recently-deleted/:deletedId/restore", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanRestoreDeleted(actor);
    await restoreDeletedRecord({ db, actor, id: c.req.param("deletedId") });
    return c.redirect(`${recentlyDeletedPath(lang)}?notice=restored`, 303);
  });

  return routes;
}
