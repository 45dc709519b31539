import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { getAssociation } from "../partners/organizations.service.js";
import { notFound } from "../shared/errors.js";
import { validationErrorFrom } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { answerKeptFile, keepPieces } from "../web/kept-file.js";
import { errorOut, readSecurity } from "../web/openapi.js";
import { organisationType } from "./iati.codes.js";
import { listIatiAgreementIds, loadIatiBatches } from "./iati.queries.js";
import { iatiActivitiesXml } from "./iati.xml.js";
import { registerOpenDataFiles } from "./open-data-files.api.js";

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
    "Every public agreement with a signature, as an `iati-activity`: its parties, status and dates, territories, sectors (DAC codes from its themes), planned budgets and spending from its activities, cash contributions, results from approved indicator values, public documents. Gzipped when the client accepts it; an ETag answers `If-None-Match` with 304.",
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
 * The IATI file of the public agreements (all, or one) as pieces of UTF-8, loaded and written a
 * batch of agreements at a time as they are read; undefined when there is none to publish.
 */
async function iatiXml(
  db: Executor,
  { ref, publicUrl, agreementId }: IatiRequest,
): Promise<AsyncIterable<Uint8Array> | undefined> {
  const [association, ids] = await Promise.all([
    getAssociation({ db }),
    listIatiAgreementIds(db, agreementId),
  ]);
  if (!ids.length) return undefined;
  return iatiActivitiesXml({
    publisher: {
      ref,
      name: association?.name ?? { fr: ref },
      type: organisationType[association?.kind ?? "association"],
      publicUrl,
    },
    batches: loadIatiBatches(db, ids),
    generatedAt: new Date(),
  });
}

/**
 * The whole registry's file is made once per registry generation and process, gzipped: anyone may
 * ask for it and it takes seconds to make at 10,000 agreements, so no request makes it again
 * while nothing changed (requests meanwhile wait for the one being made; a failed one is not
 * kept). Gzipped, it holds a fraction of its 77 MB there; a client that does not take gzip gets it
 * inflated as it is sent, never whole in memory.
 */
const keptRegistryFile = keptPerGeneration(
  async (db: Executor, request: IatiRequest) => {
    const xml = await iatiXml(db, request);
    return xml && keepPieces(xml, "iati");
  },
  (request) => `${request.ref}|${request.publicUrl}`,
);

const XML_TYPE = { "content-type": "application/xml; charset=utf-8" };

async function answerRegistry(c: Context<AppEnv>, request: IatiRequest): Promise<Response> {
  const kept = await keptRegistryFile(c.var.db, request);
  if (kept === undefined) throw notFound("Public agreement", "(none signed yet)");
  return answerKeptFile(c, kept, {
    ...XML_TYPE,
    // A file to save, and so not held again whole by the public cache (src/web/public-cache.ts).
    "content-disposition": 'attachment; filename="iati-activities.xml"',
  });
}

async function answerIati(c: Context<AppEnv>, agreementId?: string): Promise<Response> {
  const { db, services } = c.var;
  const ref = services.iatiOrganisationId;
  if (!ref) throw notFound("IATI publishing", "(IATI_ORGANISATION_ID is not set)");
  const request = { ref, publicUrl: services.publicUrl };
  if (!agreementId) return answerRegistry(c, request);
  // One agreement's file is small: made per request, whole.
  const xml = await iatiXml(db, { ...request, agreementId });
  if (xml === undefined) throw notFound("Public agreement", agreementId);
  const pieces: Uint8Array[] = [];
  for await (const piece of xml) pieces.push(piece);
  return c.body(new Uint8Array(Buffer.concat(pieces)), 200, XML_TYPE);
}

/** /api/v1/open-data/…: what anyone may download of the public registry. */
export function openDataApiRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });
  api.openapi(registryRoute, (c) => answerIati(c));
  registerOpenDataFiles(api);
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
