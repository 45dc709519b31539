import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { getAssociation } from "../partners/organizations.service.js";
import { notFound } from "../shared/errors.js";
import { validationErrorFrom } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { errorOut, readSecurity } from "../web/openapi.js";
import { organisationType } from "./iati.codes.js";
import { listIatiAgreementIds, loadIatiBatches } from "./iati.queries.js";
import { iatiActivitiesXml } from "./iati.xml.js";

const xml = { "application/xml": { schema: z.string().openapi({ description: "IATI 2.03 activities" }) } };
const notFoundResponse = {
  description:
    "No public agreement to publish (or not this one), or IATI publishing not configured (IATI_ORGANISATION_ID)",
  content: { "application/json": { schema: errorOut } },
};

const registryRoute = createRoute({
  method: "get",
  path: "/open-data/iati-activities.xml",
  summary: "The public agreements as IATI 2.03 activities",
  description:
    "Every public agreement with a signature, as an `iati-activity`: its parties, status and dates, territories, sectors (DAC codes from its themes), planned budgets and spending from its activities, cash contributions, results from approved indicator values, public documents.",
  security: readSecurity,
  responses: { 200: { description: "IATI activities", content: xml }, 404: notFoundResponse },
});

const agreementRoute = createRoute({
  method: "get",
  path: "/open-data/iati-activities/{id}",
  summary: "One public agreement as an IATI 2.03 activity file (`{id}` may end with `.xml`)",
  security: readSecurity,
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[0-9a-fA-F-]{36}(\.xml)?$/, "must be an agreement id")
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 200: { description: "IATI activities", content: xml }, 404: notFoundResponse },
});

interface IatiRequest {
  ref: string;
  publicUrl: string;
  agreementId?: string;
}

/**
 * The IATI file of the public agreements (all, or one) as UTF-8 bytes (kept so, the whole
 * registry's takes half the memory of the string: 77 MB at 10,000 agreements); undefined when
 * there is none to publish.
 */
async function iatiFile(
  db: Executor,
  { ref, publicUrl, agreementId }: IatiRequest,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const [association, ids] = await Promise.all([
    getAssociation({ db }),
    listIatiAgreementIds(db, agreementId),
  ]);
  if (!ids.length) return undefined;
  const pieces = iatiActivitiesXml({
    publisher: {
      ref,
      name: association?.name ?? { fr: ref },
      type: organisationType[association?.kind ?? "association"],
      publicUrl,
    },
    batches: loadIatiBatches(db, ids),
    generatedAt: new Date(),
  });
  const encoder = new TextEncoder();
  const encoded: Uint8Array[] = [];
  for await (const piece of pieces) encoded.push(encoder.encode(piece));
  return new Uint8Array(Buffer.concat(encoded));
}

/**
 * The whole registry's file is made once per registry generation and process: at 10,000
 * agreements it takes tens of seconds, and anyone may ask for it, so no request makes it again
 * while nothing changed (requests meanwhile wait for the one being made).
 */
const keptRegistryFile = keptPerGeneration(iatiFile, (request) => `${request.ref}|${request.publicUrl}`);

async function answerIati(c: Context<AppEnv>, agreementId?: string): Promise<Response> {
  const { db, services } = c.var;
  const ref = services.iatiOrganisationId;
  if (!ref) throw notFound("IATI publishing", "(IATI_ORGANISATION_ID is not set)");
  const request = { ref, publicUrl: services.publicUrl };
  const body = agreementId
    ? await iatiFile(db, { ...request, agreementId })
    : await keptRegistryFile(db, request);
  if (body === undefined) throw notFound("Public agreement", agreementId ?? "(none signed yet)");
  return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
}

/** /api/v1/open-data/…: what anyone may download of the public registry. */
export function openDataApiRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });
  api.openapi(registryRoute, (c) => answerIati(c));
  api.openapi(agreementRoute, (c) =>
    answerIati(
      c,
      c.req
        .valid("param")
        .id.replace(/\.xml$/, "")
        .toLowerCase(),
    ),
  );
  return api;
}
