import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import type { Actor } from "../shared/actor.js";
import { assertSameVersion } from "../shared/errors.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { idParam, jsonBody, writeErrors, writeSecurity } from "../web/openapi.js";
import {
  agreementCreateIn,
  agreementOut,
  agreementPatchIn,
  clearableAgreementFields,
  commitmentsIn,
  publicationIn,
  transitionIn,
} from "./agreements.api-schemas.js";
import { isNational } from "./agreements.input.js";
import { presentAgreementDetail } from "./agreements.presenter.js";
import { type AgreementDetail, getAgreementDetail } from "./agreements.queries.js";
import { createAgreement, transitionAgreement } from "./agreements.service.js";
import {
  type AgreementUpdate,
  deleteAgreement,
  setAgreementVisibility,
  updateAgreement,
  updatePartyCommitments,
} from "./agreements.update.service.js";

/**
 * Permission checks that run before a route validates its body, so that a person who may not
 * use a route is told "forbidden", never what is wrong with what they sent. The services
 * check again: these only decide who gets as far as validation.
 */
export const staffWritesAgreements = guard(assertCanWriteAgreements);

/** A party's commitments: the staff, or the focal point of that very organisation. */
export const partyCommitmentsWriter = guard((actor, c) => {
  const own = actor.role === "focal_point" && actor.organizationId === c.req.param("organizationId");
  if (!own) assertCanWriteAgreements(actor);
});

const agreementAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: agreementOut } },
});
const idParams = z.object({ id: idParam("id", "The agreement's id") });

const createAgreementRoute = createRoute({
  middleware: [staffWritesAgreements] as const,
  method: "post",
  path: "/agreements",
  summary: "Create an agreement (staff)",
  security: writeSecurity,
  request: { body: jsonBody(agreementCreateIn) },
  responses: {
    201: {
      ...agreementAnswer("The new agreement; `Location` gives its address"),
      headers: z.object({ Location: z.string().openapi({ example: "/api/v1/agreements/{id}" }) }),
    },
    ...writeErrors,
  },
});

const patchAgreementRoute = createRoute({
  middleware: [staffWritesAgreements] as const,
  method: "patch",
  path: "/agreements/{id}",
  summary: "Change an agreement (staff)",
  description:
    "Based on `version`: a stale version answers 409 `conflict` and changes nothing. Fields left out keep their current value (merged with the current agreement), a field sent replaces it whole, null clears an optional field. Action plans are not changed here.",
  security: writeSecurity,
  request: { params: idParams, body: jsonBody(agreementPatchIn) },
  responses: { 200: agreementAnswer("The agreement as saved"), ...writeErrors },
});

const transitionRoute = createRoute({
  middleware: [staffWritesAgreements] as const,
  method: "post",
  path: "/agreements/{id}/transitions",
  summary: "Move an agreement to another status (staff)",
  description:
    "draft → negotiation | terminated; negotiation → draft | signed | terminated; signed → in_force | terminated; in_force → suspended | expired | terminated; suspended → in_force | expired | terminated. With `version`, a stale one answers 409.",
  security: writeSecurity,
  request: { params: idParams, body: jsonBody(transitionIn) },
  responses: { 200: agreementAnswer("The agreement in its new status"), ...writeErrors },
});

const publicationRoute = createRoute({
  middleware: [staffWritesAgreements] as const,
  method: "post",
  path: "/agreements/{id}/publication",
  summary: "Publish an agreement on the portal, or withdraw it (staff)",
  security: writeSecurity,
  request: { params: idParams, body: jsonBody(publicationIn) },
  responses: { 200: agreementAnswer("The agreement with its new visibility"), ...writeErrors },
});

const deleteAgreementRoute = createRoute({
  middleware: [staffWritesAgreements] as const,
  method: "delete",
  path: "/agreements/{id}",
  summary: "Delete a draft agreement (staff)",
  description:
    "Only a draft can be deleted (409 `invalid_transition` otherwise: terminate it instead), and not while implementing agreements refer to it (409 `conflict`).",
  security: writeSecurity,
  request: {
    params: idParams,
    query: z
      .object({
        version: z.coerce
          .number()
          .int()
          .min(1)
          .openapi({
            param: { name: "version", in: "query" },
            description: "The draft's version (required)",
            example: 2,
          }),
      })
      .strict(),
  },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const commitmentsRoute = createRoute({
  middleware: [partyCommitmentsWriter] as const,
  method: "put",
  path: "/agreements/{id}/commitments/{organizationId}",
  summary: "Replace one party's commitments (its focal point, or staff)",
  description:
    "A partner's focal point may set its own organisation's commitments on an agreement it is party to; staff may set any party's. Other commitments are kept.",
  security: writeSecurity,
  request: {
    params: z.object({
      id: idParam("id", "The agreement's id"),
      organizationId: idParam("organizationId", "The party's organisation id"),
    }),
    body: jsonBody(commitmentsIn),
  },
  responses: { 200: agreementAnswer("The agreement with the new commitments"), ...writeErrors },
});

async function answerAgreement(db: AppEnv["Variables"]["db"], actor: Actor, id: string) {
  const detail = await getAgreementDetail({ db, actor, id });
  return { ...presentAgreementDetail(detail), version: detail.version };
}

/** The agreement as an edit would send it in full: the base a PATCH is merged into. */
function editableOf(detail: AgreementDetail): AgreementUpdate {
  const orNothing = <T>(value: T | null) => value ?? undefined;
  return {
    version: detail.version,
    reference: detail.reference,
    kind: detail.kind,
    title: detail.title,
    summary: detail.summary,
    visibility: detail.visibility,
    themes: detail.themes as AgreementUpdate["themes"],
    national: detail.national,
    territoryCodes: detail.territories.map((territory) => territory.code),
    signedOn: orNothing(detail.signedOn),
    effectiveOn: orNothing(detail.effectiveOn),
    expiresOn: orNothing(detail.expiresOn),
    durationMonths: orNothing(detail.durationMonths),
    renewal: detail.renewal,
    renewalNoticeDays: orNothing(detail.renewalNoticeDays),
    parentId: orNothing(detail.parentId),
    parties: detail.parties.map((party) => ({ organizationId: party.organization.id, role: party.role })),
    objectives: detail.objectives.map((objective) => objective.text),
    objectiveIds: detail.objectives.map((objective) => objective.id),
    commitments: detail.commitments.map(({ organizationId, text }) => ({ organizationId, text })),
    contributions: detail.contributions.map((item) => ({
      organizationId: item.organizationId,
      amount: Number(item.amount),
      currency: item.currency,
      nature: item.nature,
      description: item.description,
    })),
    amendments: detail.amendments.map(({ signedOn, summary }) => ({ signedOn, summary })),
  };
}

function sameCodes(sent: readonly string[], current: readonly string[]): boolean {
  const currentSet = new Set(current);
  const sentSet = new Set(sent);
  return sentSet.size === currentSet.size && [...sentSet].every((code) => currentSet.has(code));
}

/** The current agreement with the fields the patch sends; nulls clear. */
export function mergeAgreementPatch(
  detail: AgreementDetail,
  patch: z.output<typeof agreementPatchIn>,
): AgreementUpdate {
  const merged: Record<string, unknown> = { ...editableOf(detail) };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) merged[key] = value;
  }
  // Changed territories without a word on the scope make it territorial (or national when none are left),
  // as on creation: a scope given by territories must not silently stay national. The same set sent
  // back (a client echoing what it read) changes nothing, a national agreement naming territories included.
  if (
    patch.territoryCodes !== undefined &&
    patch.national === undefined &&
    !sameCodes(
      patch.territoryCodes,
      detail.territories.map((territory) => territory.code),
    )
  )
    merged.national = isNational({ territoryCodes: patch.territoryCodes });
  // New objectives without ids replace the current ones; the current ids only go with the current texts.
  if (patch.objectives !== undefined && patch.objectiveIds === undefined) merged.objectiveIds = undefined;
  for (const key of clearableAgreementFields) if (merged[key] === null) merged[key] = undefined;
  return merged as AgreementUpdate;
}

/** POST, PATCH, DELETE and PUT on /agreements: validate, call the service (it decides who may), present. */
export function registerAgreementWrites(api: OpenAPIHono<AppEnv>): void {
  api.openapi(createAgreementRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createAgreement({ db, actor, input: c.req.valid("json") });
    c.header("Location", `/api/v1/agreements/${row.id}`);
    return c.json(await answerAgreement(db, actor, row.id), 201);
  });

  api.openapi(patchAgreementRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    // Refuse before reading: who may not edit learns nothing about the record.
    assertCanWriteAgreements(actor);
    const current = await getAgreementDetail({ db, actor, id });
    // The merge base must be the version the caller saw; the service re-checks it under a lock.
    assertSameVersion("The agreement", patch.version, current.version);
    await updateAgreement({ db, actor, id, input: mergeAgreementPatch(current, patch) });
    return c.json(await answerAgreement(db, actor, id), 200);
  });

  api.openapi(transitionRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const { to, signedOn, version } = c.req.valid("json");
    await transitionAgreement({ db, actor, id, to, signedOn, version });
    return c.json(await answerAgreement(db, actor, id), 200);
  });

  api.openapi(publicationRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const { visibility, version } = c.req.valid("json");
    await setAgreementVisibility({ db, actor, id, visibility, version });
    return c.json(await answerAgreement(db, actor, id), 200);
  });

  api.openapi(deleteAgreementRoute, async (c) => {
    await deleteAgreement({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").id,
      version: c.req.valid("query").version,
    });
    return c.body(null, 204);
  });

  api.openapi(commitmentsRoute, async (c) => {
    const { db, actor } = c.var;
    const { id, organizationId } = c.req.valid("param");
    await updatePartyCommitments({ db, actor, agreementId: id, organizationId, input: c.req.valid("json") });
    return c.json(await answerAgreement(db, actor, id), 200);
  });
}
