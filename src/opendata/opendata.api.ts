import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getAssociation } from "../partners/organizations.service.js";
import { notFound } from "../shared/errors.js";
import { validationErrorFrom } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { errorOut, readSecurity } from "../web/openapi.js";
import { organisationType } from "./iati.codes.js";
import { loadIatiRegistry } from "./iati.queries.js";
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

/** The IATI file of the public agreements (all, or one); 404 when there is none to publish. */
async function answerIati(c: Context<AppEnv>, agreementId?: string): Promise<Response> {
  const { db, services } = c.var;
  const ref = services.iatiOrganisationId;
  if (!ref) throw notFound("IATI publishing", "(IATI_ORGANISATION_ID is not set)");
  const [association, entries] = await Promise.all([
    getAssociation({ db }),
    loadIatiRegistry(db, agreementId),
  ]);
  if (!entries.length) throw notFound("Public agreement", agreementId ?? "(none signed yet)");
  const body = iatiActivitiesXml({
    publisher: {
      ref,
      name: association?.name ?? { fr: ref },
      type: organisationType[association?.kind ?? "association"],
      publicUrl: services.publicUrl,
    },
    entries,
    generatedAt: new Date(),
  });
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
