import { z } from "@hono/zod-openapi";
import { actionStatuses, committeeRoles, meetingStatuses } from "../db/schema/index.js";
import { organizationRefOut } from "../partners/organizations.api-schemas.js";
import { idParam, localizedTextOut, versionIn } from "../web/openapi.js";

/*
 * The committee's part of the OpenAPI document. Request bodies state the fields and their
 * types, strictly (an unknown field is refused, not dropped); the services then apply every
 * rule (lengths, parties, members, documents, dates) with the same 400 answer naming the
 * field and the reason.
 */

const localizedIn = z
  .strictObject({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() })
  .openapi({ description: "A text in up to three languages", example: { fr: "Texte", ar: "نص" } });

const isoDateIn = z.string().openapi({ format: "date", example: "2026-06-30" });
const optionalId = z.uuid().nullable().optional();

export const agreementParams = z.object({ id: idParam("id", "The agreement's id") });
export const memberParams = z.object({ memberId: idParam("memberId", "The committee member's id") });
export const meetingParams = z.object({ meetingId: idParam("meetingId", "The meeting's id") });
export const decisionParams = z.object({ decisionId: idParam("decisionId", "The decision's id") });
export const actionParams = z.object({ actionId: idParam("actionId", "The follow-up action's id") });

/* Members */

const memberFields = {
  fullName: z.string().openapi({ example: "Fatima Zahra Alaoui" }),
  organizationId: optionalId.openapi({ description: "One of the agreement's parties, or none" }),
  role: z.enum(committeeRoles).optional().openapi({ description: "member when not given" }),
  position: z
    .number()
    .int()
    .optional()
    .openapi({ description: "Place in the list; after the others when not given" }),
};

export const memberCreateIn = z.strictObject(memberFields).openapi("CommitteeMemberInput");
export const memberPatchIn = z
  .strictObject({ ...memberFields, version: versionIn, fullName: memberFields.fullName.optional() })
  .openapi("CommitteeMemberPatch", {
    description: "Based on `version`; fields left out stay, organizationId null clears it",
  });

export const memberOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    fullName: z.string(),
    role: z.enum(committeeRoles),
    position: z.number().int(),
    organization: organizationRefOut.nullable(),
    version: z.number().int(),
  })
  .openapi("CommitteeMember");

/* Follow-up actions */

const actionFields = {
  description: localizedIn,
  ownerOrganizationId: z.uuid().openapi({ description: "One of the agreement's parties" }),
  ownerUserId: z.string().nullable().optional().openapi({
    description: "An active account of the owning organisation, or of the association's staff",
  }),
  dueOn: isoDateIn,
  status: z.enum(actionStatuses).optional().openapi({ description: "open when not given" }),
  doneOn: isoDateIn.nullable().optional().openapi({
    description: "Only with the status done (today when not given); not in the future",
  }),
  decisionId: optionalId.openapi({ description: "The decision of this agreement it carries out" }),
};

export const actionCreateIn = z.strictObject(actionFields).openapi("FollowUpActionInput");
export const actionPatchIn = z
  .strictObject({
    version: versionIn,
    description: actionFields.description.optional(),
    ownerOrganizationId: actionFields.ownerOrganizationId.optional(),
    ownerUserId: actionFields.ownerUserId,
    dueOn: isoDateIn.optional(),
    status: actionFields.status,
    doneOn: actionFields.doneOn,
    decisionId: actionFields.decisionId,
  })
  .openapi("FollowUpActionPatch", {
    description:
      "Staff: any field (left out: kept; null clears an optional one). The owning organisation's focal point: `status` and `version` only (any other field answers 403).",
  });

export const actionOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    decisionId: z.uuid().nullable(),
    description: localizedTextOut,
    ownerOrganization: organizationRefOut,
    ownerUser: z.object({ id: z.string(), name: z.string() }).nullable(),
    dueOn: z.string(),
    status: z.enum(actionStatuses),
    doneOn: z.string().nullable(),
    overdue: z.boolean().openapi({ description: "Open or in progress, and due before today (Casablanca)" }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("FollowUpAction");

/* Meetings and decisions */

const meetingFields = {
  title: localizedIn,
  startsAt: z.string().openapi({
    description:
      "Moroccan time without offset (2026-03-01T10:00, Africa/Casablanca: UTC+1, UTC+0 during Ramadan), or an instant with its offset (2026-03-01T09:00:00Z)",
    example: "2026-05-12T10:00",
  }),
  place: z.string().optional(),
  status: z
    .enum(meetingStatuses)
    .optional()
    .openapi({ description: "planned when not given; held not in the future" }),
  agenda: localizedIn.optional(),
  attendeeIds: z.array(z.uuid()).optional().openapi({ description: "Members of this agreement's committee" }),
  otherAttendees: z.string().optional().openapi({ description: "People present who are not members" }),
  minutesDocumentId: optionalId.openapi({ description: "One of the agreement's own documents, not deleted" }),
};

export const meetingCreateIn = z.strictObject(meetingFields).openapi("MeetingInput");
export const meetingPatchIn = z
  .strictObject({
    ...meetingFields,
    version: versionIn,
    title: localizedIn.optional(),
    startsAt: meetingFields.startsAt.optional(),
  })
  .openapi("MeetingPatch", {
    description: "Based on `version`; fields left out stay, attendeeIds (when sent) is the whole list",
  });

export const decisionCreateIn = z
  .strictObject({
    text: localizedIn,
    action: z
      .strictObject({
        description: localizedIn,
        ownerOrganizationId: actionFields.ownerOrganizationId,
        ownerUserId: actionFields.ownerUserId,
        dueOn: isoDateIn,
      })
      .optional()
      .openapi({ description: "The follow-up action the decision hands out (it starts open)" }),
  })
  .openapi("DecisionInput");

export const decisionOut = z
  .object({
    id: z.uuid(),
    meetingId: z.uuid(),
    position: z.number().int(),
    text: localizedTextOut,
    version: z.number().int(),
    actions: z.array(actionOut),
  })
  .openapi("Decision");

const attendeeOut = z.object({ id: z.uuid(), fullName: z.string(), role: z.enum(committeeRoles) });

export const meetingSummaryOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    title: localizedTextOut,
    startsAt: z.string().openapi({ description: "The instant (UTC)" }),
    startsAtMorocco: z
      .string()
      .openapi({ description: "The same on Moroccan time", example: "2026-05-12T10:00" }),
    place: z.string(),
    status: z.enum(meetingStatuses),
    agenda: localizedTextOut,
    otherAttendees: z.string(),
    minutesDocumentId: z.uuid().nullable(),
    attendees: z.array(attendeeOut),
    decisionCount: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("MeetingSummary");

export const meetingOut = meetingSummaryOut
  .extend({
    minutesUrl: z.string().nullable().openapi({ description: "Where the minutes are downloaded" }),
    decisions: z.array(decisionOut.omit({ meetingId: true })),
  })
  .openapi("Meeting");

export const listOut = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), total: z.number().int() }).openapi(name);
