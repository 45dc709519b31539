import { z } from "zod";
import { isoDate } from "../agreements/agreements.input.js";
import { actionStatuses, committeeRoles, meetingStatuses } from "../db/schema/index.js";
import { startsAtSchema } from "../domain/moroccan-time.js";
import { cleanText, localizedTextSchema, optionalLocalizedTextSchema } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";

/*
 * The input of the committee's services, shared by the pages and the API (one definition of
 * every rule). Rules that need the database (a party, a member of this committee, a document
 * of this agreement, an eligible person) or the clock (a meeting held in the future) are the
 * services', with the same kind of issue: the field and a reason.
 */

export const MAX_TITLE_LENGTH = 300;
export const MAX_NAME_LENGTH = 200;
export const MAX_PLACE_LENGTH = 300;
export const MAX_AGENDA_LENGTH = 8000;
export const MAX_OTHER_ATTENDEES_LENGTH = 2000;
export const MAX_DECISION_LENGTH = 4000;
export const MAX_ACTION_LENGTH = 2000;
export const MAX_POSITION = 9999;

/** A text that may be left blank (then absent). */
const optionalText = (max: number) => z.preprocess(blankToUndefined, cleanText(max).optional());

/** An optional reference: absent, null or blank all mean "none". */
const optionalId = z.preprocess(
  (value) => (value === null ? undefined : blankToUndefined(value)),
  z.uuid().optional(),
);

const position = z.number().int().min(0).max(MAX_POSITION);

export const memberInputSchema = z.strictObject({
  fullName: cleanText(MAX_NAME_LENGTH),
  /** one of the agreement's parties, when the member represents one */
  organizationId: optionalId,
  role: z.enum(committeeRoles).default("member"),
  /** the member's place in the list; after the others when absent */
  position: position.optional(),
});
export type MemberInput = z.input<typeof memberInputSchema>;

const versionSchema = z.number().int().min(1);

export const memberUpdateSchema = memberInputSchema.extend({ version: versionSchema });
export type MemberUpdateInput = z.input<typeof memberUpdateSchema>;

export const meetingInputSchema = z.strictObject({
  title: localizedTextSchema(MAX_TITLE_LENGTH),
  startsAt: startsAtSchema,
  place: optionalText(MAX_PLACE_LENGTH),
  status: z.enum(meetingStatuses).default("planned"),
  agenda: optionalLocalizedTextSchema(MAX_AGENDA_LENGTH).default({}),
  /** committee members of this agreement who attended */
  attendeeIds: z.array(z.uuid()).max(200).default([]),
  otherAttendees: optionalText(MAX_OTHER_ATTENDEES_LENGTH),
  /** one of the agreement's own (not deleted) documents */
  minutesDocumentId: optionalId,
});
export type MeetingInput = z.input<typeof meetingInputSchema>;
export type MeetingData = z.output<typeof meetingInputSchema>;

export const meetingUpdateSchema = meetingInputSchema.extend({ version: versionSchema });
export type MeetingUpdateInput = z.input<typeof meetingUpdateSchema>;

/** The owner person is a user id (better-auth's text ids, not UUIDs). */
const userId = z.preprocess(
  (value) => (value === null ? undefined : blankToUndefined(value)),
  z.string().max(100).optional(),
);

export const actionInputSchema = z.strictObject({
  description: localizedTextSchema(MAX_ACTION_LENGTH),
  /** one of the agreement's parties */
  ownerOrganizationId: z.uuid(),
  /** an active person of that organisation, or of the staff */
  ownerUserId: userId,
  dueOn: isoDate,
  status: z.enum(actionStatuses).default("open"),
  /** only with the status "done"; today when left out */
  doneOn: z.preprocess((value) => (value === null ? undefined : blankToUndefined(value)), isoDate.optional()),
  /** the decision (of this agreement) the action carries out, if any */
  decisionId: optionalId,
});
export type ActionInput = z.input<typeof actionInputSchema>;

export const actionUpdateSchema = actionInputSchema.extend({ version: versionSchema });
export type ActionUpdateInput = z.input<typeof actionUpdateSchema>;

/** What the owning organisation's focal point may change. */
export const actionStatusSchema = z.strictObject({
  status: z.enum(actionStatuses),
  version: versionSchema,
});
export type ActionStatusInput = z.input<typeof actionStatusSchema>;

/** The action a decision creates: an action without status (it starts open) nor decision (this one). */
export const decisionActionSchema = actionInputSchema.pick({
  description: true,
  ownerOrganizationId: true,
  ownerUserId: true,
  dueOn: true,
});

export const decisionInputSchema = z.strictObject({
  text: localizedTextSchema(MAX_DECISION_LENGTH),
  action: decisionActionSchema.optional(),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;
