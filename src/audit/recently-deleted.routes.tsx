import { type Context, Hono } from "hono";
import { z } from "zod";
import { type AppError, asAppError } from "../shared/errors.js";
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

async function listPage(c: Context<AppEnv>, page: number, refused?: AppError) {
  const { db, actor, t } = c.var;
  const { items, total } = await listRecentlyDeleted({ db, actor, page, pageSize: PAGE_SIZE });
  return renderWorkspace(c, {
    title: t("undo.recentlyDeleted.title"),
    section: "recently-deleted",
    status: refused?.httpStatus,
    children: (
      <RecentlyDeletedPage
        items={items}
        page={page}
        pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        notice={noticeText(t, c.req.query("notice"), { restored: "undo.recentlyDeleted.restored" })}
        refused={refused}
      />
    ),
  });
}

/** /{lang}/workspace/recently-deleted: the staff's list of what was deleted, and putting it back. */
export function recentlyDeletedRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/recently-deleted", async (c) => {
    const { actor, t } = c.var;
    assertCanRestoreDeleted(actor);
    const { page } = parsePageQuery(listQuery, c.req.query(), t);
    return listPage(c, page);
  });

  routes.post("/recently-deleted/:deletedId/restore", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanRestoreDeleted(actor);
    try {
      await restoreDeletedRecord({ db, actor, id: c.req.param("deletedId") });
    } catch (error) {
      // Refused (already back, or what it hangs on is gone): the list again, saying why.
      const refused = asAppError(error);
      if (refused?.code !== "conflict") throw error;
      return listPage(c, 1, refused);
    }
    return c.redirect(`${recentlyDeletedPath(lang)}?notice=restored`, 303);
  });

  return routes;
}
