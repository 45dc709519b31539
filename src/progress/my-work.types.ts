import type { ActionStatus, ActivityStatus, IndicatorFrequency } from "../db/schema/index.js";
import type { LocalizedText } from "../shared/localized.js";

/** What "my work" lists (my-work.queries.ts, my-work-due.queries.ts), as its views show it. */

export interface AgreementRef {
  id: string;
  reference: string;
  title: LocalizedText;
}
export interface WorkList<T> {
  items: T[];
  total: number;
}
export interface ActivityWorkItem {
  id: string;
  title: LocalizedText;
  status: ActivityStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  overdue: boolean;
  agreement: AgreementRef;
}
export interface IndicatorWorkItem {
  id: string;
  name: LocalizedText;
  frequency: IndicatorFrequency;
  agreement: AgreementRef;
}
export interface ActionWorkItem {
  id: string;
  description: LocalizedText;
  status: ActionStatus;
  dueOn: string;
  overdue: boolean;
  /** the meeting whose decision created it, where it is shown; null for an action on its own */
  meetingId: string | null;
  agreement: AgreementRef;
}
