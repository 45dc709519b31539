import { type SQL, sql } from "drizzle-orm";
import type { AlertDeliveryMode } from "../db/schema/index.js";
import { alertPreferences, alerts, alertUserStates, users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";

/**
 * Who is told of an alert: the secretariat (and administrators) for every alert; a partner's
 * focal point for the alerts of its organisation (its agreements' deadlines, its activities,
 * indicators and actions, its committee's meetings); anyone for the actions they own.
 * Councils and viewers answer for nothing, so they are told nothing.
 */
export type AlertAudienceMember = Pick<Actor, "id" | "role" | "organizationId">;

export function audienceCondition(person: AlertAudienceMember): SQL {
  if (person.role === "secretariat" || person.role === "admin") return sql`true`;
  const owned = sql`${alerts.ownerUserId} = ${person.id}`;
  if (person.role === "focal_point" && person.organizationId)
    return sql`(${owned} or ${alerts.organizationIds} @> array[${person.organizationId}]::uuid[])`;
  return owned;
}

/** The same rule as SQL over the `users` table, to find the recipients of every alert at once. */
export const userInAudience = sql`(${users.role} in ('secretariat', 'admin')
  or (${users.role} = 'focal_point' and ${users.organizationId} = any(${alerts.organizationIds}))
  or ${users.id} = ${alerts.ownerUserId})`;

/**
 * Until a person chooses, everyone is told both ways, except administrators, who keep the
 * system rather than the agreements: they see alerts in the workspace but get no email.
 */
export const defaultDelivery = (role: string): AlertDeliveryMode => (role === "admin" ? "workspace" : "both");

/** A person's delivery mode for the alert's kind, as SQL (joined with `alert_preferences`). */
export const deliverySql = sql<AlertDeliveryMode>`coalesce(${alertPreferences.delivery}, case when ${users.role} = 'admin' then 'workspace' else 'both' end)`;

/**
 * The alert is hidden for this person: acknowledged at its current stage (or a more urgent
 * one: a smaller stage is more urgent, and overdue is -1), or snoozed until after `today`.
 */
export const hiddenFor = (today: string) =>
  sql`(${alertUserStates.acknowledgedStage} is not null and ${alerts.stage} >= ${alertUserStates.acknowledgedStage})
    or (${alertUserStates.snoozedUntil} is not null and ${alertUserStates.snoozedUntil} > ${today}::date)`;
