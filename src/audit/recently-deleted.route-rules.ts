import { eq } from "drizzle-orm";
import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { staff } from "../../test/walk-roles.js";
import { deletedRecords } from "../db/schema/index.js";
import { deleteIndicator } from "../indicators/indicators.service.js";
import { insertIndicator } from "../indicators/indicators.test-support.js";
import { systemActor } from "../shared/actor.js";

/** The recently deleted list is the staff's; the walk restores an indicator it has just deleted. */
export const recentlyDeletedRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/recently-deleted": staff,
    "POST /:lang/workspace/recently-deleted/:deletedId/restore": staff,
  },
  params: {
    ":deletedId": async ({ db, agreementId }) => {
      const indicator = await insertIndicator(db, agreementId);
      await deleteIndicator({ db, actor: systemActor, id: indicator.id });
      const [entry] = await db
        .select({ id: deletedRecords.id })
        .from(deletedRecords)
        .where(eq(deletedRecords.recordId, indicator.id));
      if (!entry) throw new Error("the walk's indicator was not kept");
      return entry.id;
    },
  },
};
