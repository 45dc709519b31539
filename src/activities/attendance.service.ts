import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { updateOne } from "../db/rows.js";
import { activities, activityAttendance, territories } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { councilCodeSchema } from "./activities.input.js";
import { loadLinks } from "./activities.links.js";
import { assertMayRecordAttendance } from "./activities.policy.js";
import { type ActivityRow, assertCanReadWithin, loadActivityRow } from "./activities.queries.js";

const snapshot = (row: ActivityRow, attendance: string[]) => ({
  attendance,
  participantCount: row.participantCount,
  version: row.version,
});

/**
 * Records (`present`) or withdraws one council president's attendance at an activity: a
 * council its own, the staff any. Saying again what is already recorded changes nothing.
 *
 * A recorded president is a participant: when the reported participant count is lower than
 * the presidents now recorded, it is raised to that number (the audit event shows both), so
 * that a council is never refused because of a count it does not keep. The activity's version
 * moves on, so that a report prepared meanwhile on the old list is refused rather than
 * silently dropping this attendance.
 */
export async function setCouncilAttendance({
  db,
  actor,
  id,
  code,
  present,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  code: string;
  present: boolean;
}): Promise<ActivityRow> {
  assertMayRecordAttendance(actor, code);
  // Named, so that a refusal says « code » rather than "(input)".
  const { code: territoryCode } = parseInput(z.object({ code: councilCodeSchema }), { code });
  return db.transaction(async (tx) => {
    const before = await loadActivityRow(tx, id, true);
    await assertCanReadWithin(tx, actor, before.agreementId, { type: "Activity", id });
    const [place] = await tx
      .select({ kind: territories.kind })
      .from(territories)
      .where(eq(territories.code, territoryCode));
    if (!place || place.kind === "region") {
      throw new AppError("validation", `code: names no prefecture or province (${territoryCode})`, {
        issues: [
          {
            field: "code",
            message: "names no prefecture or province",
            reason: "activities.reasons.notACouncil",
          },
        ],
      });
    }
    const current = (await loadLinks(tx, id)).attendance;
    if (current.includes(territoryCode) === present) return before;
    if (present && before.status === "cancelled") {
      throw new AppError("conflict", "The activity was cancelled: nobody attended it", {
        issues: [
          { field: "status", message: "is cancelled", reason: "activities.reasons.cancelledActivity" },
        ],
      });
    }
    if (present) {
      await tx.insert(activityAttendance).values({ activityId: id, territoryCode, recordedBy: actor.id });
    } else {
      await tx
        .delete(activityAttendance)
        .where(
          and(eq(activityAttendance.activityId, id), eq(activityAttendance.territoryCode, territoryCode)),
        );
    }
    const attendance = (await loadLinks(tx, id)).attendance;
    const participantCount =
      before.participantCount !== null && before.participantCount < attendance.length
        ? attendance.length
        : before.participantCount;
    const after = await updateOne(
      tx
        .update(activities)
        .set({ participantCount, version: before.version + 1, updatedAt: new Date() })
        .where(eq(activities.id, id))
        .returning(),
    );
    await recordAuditEvent({
      db: tx,
      actor,
      action: present ? "activity.attendance.record" : "activity.attendance.withdraw",
      entityType: "activity",
      entityId: id,
      before: snapshot(before, current),
      after: snapshot(after, attendance),
    });
    return after;
  });
}
