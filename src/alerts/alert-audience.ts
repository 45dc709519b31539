import { type SQL, sql } from "drizzle-orm";
import { isPartyCondition } from "../access/agreement-access.js";
import type { AlertDeliveryMode } from "../db/schema/index.js";
import { alertPreferences, alerts, alertUserStates, users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";

/**
 * Who is told of an alert: the secretariat (and administrators) for every alert; a partner's
 * focal point for the alerts of its organisation (its agreements' deadlines, its activities,
 * indicators and actions, its committee's meetings), while the organisation is party to the
 * agreement. A follow-up action's owner is told as one of these: an owner moved to another
 * organisation no longer hears of the old one's agreements. Councils and viewers answer for
 * nothing, so they are told nothing.
 *
 * `audienceCondition` is read with `agreements` joined (alerts.agreement_id): the party is
 * checked as it is now, not as it was at the last evaluation.
 */
export type AlertAudienceMember = Pick<Actor, "id" | "role" | "organizationId">;

export function audienceCondition(person: AlertAudienceMember): SQL {
  if (person.role === "secretariat" || person.role === "admin") return sql`true`;
  if (person.role === "focal_point" && person.organizationId)
    return sql`(${alerts.organizationIds} @> array[${person.organizationId}]::uuid[] and ${isPartyCondition(person.organizationId)})`;
  return sql`false`;
}

/**
 * The same rule as SQL over the `users` table, to find the recipients of every alert at once;
 * used right after the evaluation has written each alert's organisations from the records.
 */
export const userInAudience = sql`(${users.role} in ('secretariat', 'admin')
  or (${users.role} = 'focal_point' and ${users.organizationId} = any(${alerts.organizationIds})))`;

/**
 * Until a person chooses, everyone is told both ways, except administrators, who keep the
 * system rather than the agreements: they see alerts in the workspace but get no email.
 */
const ADMINISTRATOR_DELIVERY: AlertDeliveryMode = "workspace";
const EVERYONE_DELIVERY: AlertDeliveryMode = "both";
export const defaultDelivery = (role: string): AlertDeliveryMode =>
  role === "admin" ? ADMINISTRATOR_DELIVERY : EVERYONE_DELIVERY;

/** A person's delivery mode for the alert's kind, as SQL (joined with `alert_preferences`). */
export const deliverySql = sql<AlertDeliveryMode>`coalesce(${alertPreferences.delivery},
  case when ${users.role} = 'admin' then ${ADMINISTRATOR_DELIVERY} else ${EVERYONE_DELIVERY} end)`;

/**
 * The alert is hidden for this person: acknowledged at its current stage (or a more urgent
 * one: a smaller stage is more urgent, and overdue is -1), or snoozed until after `today`.
 */
export const hiddenFor = (today: string) =>
  sql`(${alertUserStates.acknowledgedStage} is not null and ${alerts.stage} >= ${alertUserStates.acknowledgedStage})
    or (${alertUserStates.snoozedUntil} is not null and ${alertUserStates.snoozedUntil} > ${today}::date)`;
