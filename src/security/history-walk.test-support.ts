import { buildAgreement, buildOrganization } from "../../test/factories.js";
import {
  buildActionPlan,
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { createCalendarFeed } from "../calendar/calendar.service.js";
import type { Database } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { createApiToken } from "../tokens/tokens.service.js";

/** What the authorization walk already made, for the history walk's records. */
export interface HistoryWalkContext {
  db: Database;
  focalOrganizationId: string;
  /** the focal point's account, signed in through a session */
  focal: Actor;
  /** internal, the focal point's organisation party to it, naming the council's province */
  scopedAgreementId: string;
  scopedDocumentId: string;
  uploadPdf: (ownerId: string, visibility: "public" | "internal") => Promise<{ id: string }>;
}

export interface HistoryRecord {
  entityType: string;
  entityId: string;
}

/**
 * One record for each key of `historyRules` (route-rules.ts): the history walk asks for each
 * one's history as every role.
 */
export async function makeHistoryRecords(
  context: HistoryWalkContext,
): Promise<Record<string, HistoryRecord>> {
  const { db, focalOrganizationId, focal, scopedAgreementId } = context;
  const record = (entityType: string, entityId: string): HistoryRecord => ({ entityType, entityId });
  const publicParty = await buildOrganization(db);
  const publicAgreement = await buildAgreement(db, {
    visibility: "public",
    national: false,
    territoryCodes: ["03"],
    parties: [{ organizationId: publicParty.id, role: "signatory" }],
  });
  const hidden = await buildOrganization(db);
  await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["03"],
    parties: [{ organizationId: hidden.id, role: "signatory" }],
  });
  const scopedIndicator = await buildIndicator(db, scopedAgreementId);
  const publicIndicator = await buildIndicator(db, publicAgreement.id);
  const scopedMeeting = await buildMeeting(db, scopedAgreementId);
  const { token } = await createApiToken({ db, actor: focal, input: { name: "history walk" } });
  const { feed } = await createCalendarFeed({ db, actor: focal });
  return {
    "agreement, scoped": record("agreement", scopedAgreementId),
    "agreement, public": record("agreement", publicAgreement.id),
    "organization, the focal point's own": record("organization", focalOrganizationId),
    "organization, party to the public agreement only": record("organization", publicParty.id),
    "organization, party only to an internal agreement reaching nobody": record("organization", hidden.id),
    "document, internal, of the scoped agreement": record("document", context.scopedDocumentId),
    "document, public, of the public agreement": record(
      "document",
      (await context.uploadPdf(publicAgreement.id, "public")).id,
    ),
    "action_plan, scoped": record("action_plan", (await buildActionPlan(db, scopedAgreementId)).id),
    "activity, scoped": record("activity", (await buildActivity(db, scopedAgreementId)).id),
    "activity, of the public agreement": record("activity", (await buildActivity(db, publicAgreement.id)).id),
    "indicator, scoped": record("indicator", scopedIndicator.id),
    "indicator, of the public agreement": record("indicator", publicIndicator.id),
    "indicator_value, scoped": record(
      "indicator_value",
      (await buildIndicatorValue(db, scopedIndicator.id)).id,
    ),
    "indicator_value, of the public agreement": record(
      "indicator_value",
      (await buildIndicatorValue(db, publicIndicator.id, { status: "approved" })).id,
    ),
    "committee_member, scoped": record(
      "committee_member",
      (await buildCommitteeMember(db, scopedAgreementId)).id,
    ),
    "meeting, scoped": record("meeting", scopedMeeting.id),
    "meeting, of the public agreement": record("meeting", (await buildMeeting(db, publicAgreement.id)).id),
    "decision, scoped": record("decision", (await buildDecision(db, scopedMeeting)).id),
    "follow_up_action, scoped": record(
      "follow_up_action",
      (await buildFollowUpAction(db, scopedAgreementId)).id,
    ),
    "user, the focal point's account": record("user", focal.id),
    "api_token, the focal point's own": record("api_token", token.id),
    "calendar_feed, the focal point's": record("calendar_feed", feed.id),
    "setting, any": record("setting", "association"),
    "territory, the council's province": record("territory", "01.571"),
  };
}
