import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Who may see and change action plans and activities.
 * - Reading: whoever may read the agreement (assertCanReadAgreement; the others get "not
 *   found"). The anonymous public reads public agreements' plans and activities, their public
 *   documents only, without versions or timestamps.
 * - The staff (administrator, secretariat, the system) create, edit and delete plans and
 *   activities, and may report on any activity.
 * - The focal point of an activity's responsible organisation reports its progress (status,
 *   actual dates, budget spent, participants, attendance, deliverables, documents), never
 *   what was planned.
 * - A council records, or withdraws, its own president's attendance on an activity it may read.
 * - Viewers read. A read-only API token never writes.
 */
export const activityPolicy = {
  /** the public sees no versions nor timestamps, and no internal documents */
  seesInternal: (actor: Actor): boolean => actor.role !== "anonymous",
  canManage: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
  canReport: (actor: Actor, activity: { responsibleOrganizationId: string }): boolean =>
    mayWrite(actor) &&
    (isStaff(actor) ||
      (actor.role === "focal_point" &&
        Boolean(actor.organizationId) &&
        actor.organizationId === activity.responsibleOrganizationId)),
  /** the prefecture or province whose attendance the actor records itself: a council's own */
  ownCouncilCode: (actor: Actor): string | undefined =>
    actor.role === "council" && mayWrite(actor) && actor.territoryCode ? actor.territoryCode : undefined,
  canRecordAttendance: (actor: Actor, code: string): boolean =>
    mayWrite(actor) && (isStaff(actor) || activityPolicy.ownCouncilCode(actor) === code),
};

/** Plans and activities themselves: the staff. */
export function assertCanManageActivities(actor: Actor): void {
  if (!activityPolicy.canManage(actor))
    refuse(actor, "Only the association's staff change action plans and activities");
}

/**
 * Whether the actor's role may report on some activity: checked before anything is read, so
 * that a viewer or a council is told "forbidden" rather than what is wrong with its input.
 */
export function assertMayReportSomewhere(actor: Actor): void {
  if (!mayWrite(actor) || !(isStaff(actor) || actor.role === "focal_point")) {
    refuse(actor, "Only the staff and the responsible party's focal point report on activities");
  }
}

export function assertCanReport(actor: Actor, activity: { responsibleOrganizationId: string }): void {
  if (!activityPolicy.canReport(actor, activity)) {
    refuse(
      actor,
      "Only the staff and the focal point of the responsible organisation report on this activity",
    );
  }
}

/** Staff for any council; a council for its own prefecture or province (`code` when it is known). */
export function assertMayRecordAttendance(actor: Actor, code?: string): void {
  const allowed =
    mayWrite(actor) &&
    (isStaff(actor) ||
      (activityPolicy.ownCouncilCode(actor) !== undefined &&
        (code === undefined || activityPolicy.ownCouncilCode(actor) === code)));
  if (!allowed) refuse(actor, "A council records its own president's attendance only");
}
