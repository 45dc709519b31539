import {
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { ModuleRouteRules } from "../../test/walk-roles.js";
import { signedIn, staff, staffAndFocal } from "../../test/walk-roles.js";

/**
 * Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk
 * makes their parameters. The committee's records are internal: reads are for the signed-in
 * people whose scope reaches the agreement (the walk's agreement reaches all of them), never
 * the anonymous public. The walk's actions are owned by the agreement's first party, the focal
 * point's organisation: their status is that focal point's to update.
 */
export const meetingRouteRules: ModuleRouteRules = {
  rules: {
    "GET /:lang/workspace/agreements/:id/committee-members/new": staff,
    "POST /:lang/workspace/agreements/:id/committee-members": staff,
    "GET /:lang/workspace/committee-members/:memberId/edit": staff,
    "POST /:lang/workspace/committee-members/:memberId": staff,
    "GET /:lang/workspace/committee-members/:memberId/delete": staff,
    "POST /:lang/workspace/committee-members/:memberId/delete": staff,
    "GET /:lang/workspace/agreements/:id/meetings/new": staff,
    "POST /:lang/workspace/agreements/:id/meetings": staff,
    "GET /:lang/workspace/meetings/:meetingId": signedIn,
    "GET /:lang/workspace/meetings/:meetingId/edit": staff,
    "POST /:lang/workspace/meetings/:meetingId": staff,
    "GET /:lang/workspace/meetings/:meetingId/delete": staff,
    "POST /:lang/workspace/meetings/:meetingId/delete": staff,
    "POST /:lang/workspace/meetings/:meetingId/decisions": staff,
    "GET /:lang/workspace/decisions/:decisionId/delete": staff,
    "POST /:lang/workspace/decisions/:decisionId/delete": staff,
    "GET /:lang/workspace/agreements/:id/actions/new": staff,
    "POST /:lang/workspace/agreements/:id/actions": staff,
    "GET /:lang/workspace/actions/:actionId": signedIn,
    "POST /:lang/workspace/actions/:actionId": staff,
    "POST /:lang/workspace/actions/:actionId/status": staffAndFocal,

    "GET /api/v1/agreements/:id/committee-members": signedIn,
    "POST /api/v1/agreements/:id/committee-members": staff,
    "PATCH /api/v1/committee-members/:memberId": staff,
    "DELETE /api/v1/committee-members/:memberId": staff,
    "GET /api/v1/agreements/:id/meetings": signedIn,
    "POST /api/v1/agreements/:id/meetings": staff,
    "GET /api/v1/meetings/:meetingId": signedIn,
    "PATCH /api/v1/meetings/:meetingId": staff,
    "DELETE /api/v1/meetings/:meetingId": staff,
    "POST /api/v1/meetings/:meetingId/decisions": staff,
    "DELETE /api/v1/decisions/:decisionId": staff,
    "GET /api/v1/agreements/:id/actions": signedIn,
    "POST /api/v1/agreements/:id/actions": staff,
    "PATCH /api/v1/actions/:actionId": staffAndFocal,
  },
  params: {
    ":memberId": async ({ db, agreementId }) => (await buildCommitteeMember(db, agreementId)).id,
    // A meeting without decisions, so that deleting it succeeds.
    ":meetingId": async ({ db, agreementId }) => (await buildMeeting(db, agreementId)).id,
    ":decisionId": async ({ db, agreementId }) => {
      const meeting = await buildMeeting(db, agreementId);
      return (await buildDecision(db, meeting)).id;
    },
    ":actionId": async ({ db, agreementId }) => (await buildFollowUpAction(db, agreementId)).id,
  },
};
