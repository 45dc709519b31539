import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { assertSameVersion, notFound } from "../shared/errors.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { errorOut, idParam, jsonBody, readSecurity, writeErrors, writeSecurity } from "../web/openapi.js";
import {
  contactIn,
  contactPatchIn,
  organizationCreateIn,
  organizationDetailOut,
  organizationPatchIn,
} from "./organizations.api-schemas.js";
import { deleteOrganization, updateOrganization } from "./organizations.edits.js";
import type { ContactInput } from "./organizations.input.js";
import {
  assertCanCreateOrganization,
  assertCanDeleteOrganization,
  assertCanEditOrganization,
} from "./organizations.policy.js";
import {
  type ContactRow,
  createOrganization,
  getOrganization,
  listOrganizationAgreements,
  type OrganizationDetail,
} from "./organizations.service.js";

/**
 * Permission checks that run before a route validates its body, so that a person who may not
 * use a route is told "forbidden", never what is wrong with what they sent. The services
 * check again: these only decide who gets as far as validation.
 */
export const organizationCreator = guard(assertCanCreateOrganization);

export const organizationEditor = guard((actor, c) =>
  assertCanEditOrganization(actor, c.req.param("id") ?? ""),
);

export const organizationDeleter = guard(assertCanDeleteOrganization);

const organizationAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: organizationDetailOut } },
});
const idParams = z.object({ id: idParam("id", "The organisation's id") });
const contactParams = z.object({
  id: idParam("id", "The organisation's id"),
  contactId: idParam("contactId", "The contact's id"),
});
const versionQuery = (description: string) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(1)).openapi({
    param: { name: "version", in: "query" },
    description,
    example: 3,
  });

const getOrganizationRoute = createRoute({
  method: "get",
  path: "/organizations/{id}",
  summary: "One organisation, its contacts (signed-in callers only) and the agreements it is party to",
  description:
    "Anonymous callers see only organisations party to a public agreement, without contacts (null), and only public agreements.",
  security: readSecurity,
  request: { params: idParams },
  responses: {
    200: organizationAnswer("The organisation"),
    400: writeErrors[400],
    404: {
      description: "No such organisation, or not public",
      content: { "application/json": { schema: errorOut } },
    },
  },
});

const createOrganizationRoute = createRoute({
  middleware: [organizationCreator] as const,
  method: "post",
  path: "/organizations",
  summary: "Create an organisation, with its contacts (staff)",
  security: writeSecurity,
  request: { body: jsonBody(organizationCreateIn) },
  responses: {
    201: {
      ...organizationAnswer("The new organisation; `Location` gives its address"),
      headers: z.object({ Location: z.string().openapi({ example: "/api/v1/organizations/{id}" }) }),
    },
    ...writeErrors,
  },
});

const patchOrganizationRoute = createRoute({
  middleware: [organizationEditor] as const,
  method: "patch",
  path: "/organizations/{id}",
  summary: "Change an organisation (staff, or its own focal point)",
  description:
    "Based on `version`: a stale version answers 409 `conflict` and changes nothing. Fields left out keep their current value; `contacts`, when sent, is the whole new list. A focal point may not change the kind.",
  security: writeSecurity,
  request: { params: idParams, body: jsonBody(organizationPatchIn) },
  responses: { 200: organizationAnswer("The organisation as saved"), ...writeErrors },
});

const deleteOrganizationRoute = createRoute({
  middleware: [organizationDeleter] as const,
  method: "delete",
  path: "/organizations/{id}",
  summary: "Delete an organisation and its contacts (staff)",
  description:
    "Refused with 409 `conflict` for the association itself, for a party to any agreement, and while user accounts act for it.",
  security: writeSecurity,
  request: {
    params: idParams,
    query: z.object({ version: versionQuery("When given, a stale version answers 409").optional() }).strict(),
  },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const addContactRoute = createRoute({
  middleware: [organizationEditor] as const,
  method: "post",
  path: "/organizations/{id}/contacts",
  summary: "Add a contact to an organisation (staff, or its own focal point)",
  description:
    "A change to the organisation: `version` is the organisation's, and a new version results. The new contact is the last of `contacts`.",
  security: writeSecurity,
  request: { params: idParams, body: jsonBody(contactIn) },
  responses: { 201: organizationAnswer("The organisation with its new contact"), ...writeErrors },
});

const patchContactRoute = createRoute({
  middleware: [organizationEditor] as const,
  method: "patch",
  path: "/organizations/{id}/contacts/{contactId}",
  summary: "Change one contact of an organisation (staff, or its own focal point)",
  security: writeSecurity,
  request: { params: contactParams, body: jsonBody(contactPatchIn) },
  responses: { 200: organizationAnswer("The organisation with the changed contact"), ...writeErrors },
});

const deleteContactRoute = createRoute({
  middleware: [organizationEditor] as const,
  method: "delete",
  path: "/organizations/{id}/contacts/{contactId}",
  summary: "Remove one contact of an organisation (staff, or its own focal point)",
  security: writeSecurity,
  request: {
    params: contactParams,
    query: z.object({ version: versionQuery("The organisation's version (required)") }).strict(),
  },
  responses: { 204: { description: "Removed" }, ...writeErrors },
});

const asContactInput = (row: ContactRow): ContactInput => ({
  id: row.id,
  fullName: row.fullName,
  role: row.role ?? undefined,
  email: row.email ?? undefined,
  phone: row.phone ?? undefined,
});

export function presentOrganizationDetail(
  row: OrganizationDetail,
  agreements: Awaited<ReturnType<typeof listOrganizationAgreements>>,
): z.infer<typeof organizationDetailOut> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    acronym: row.acronym,
    website: row.website,
    version: row.version,
    contacts:
      row.contacts?.map((contact) => ({
        id: contact.id,
        fullName: contact.fullName,
        role: contact.role,
        email: contact.email,
        phone: contact.phone,
      })) ?? null,
    agreements: agreements.map((agreement) => ({
      id: agreement.id,
      reference: agreement.reference,
      title: agreement.title,
      status: agreement.status,
      visibility: agreement.visibility,
      roles: agreement.roles,
    })),
  };
}

async function answerOrganization(db: Database, actor: Actor, id: string) {
  const [row, agreements] = await Promise.all([
    getOrganization({ db, actor, id }),
    listOrganizationAgreements({ db, actor, id }),
  ]);
  return presentOrganizationDetail(row, agreements);
}

/**
 * The organisation to change, as of the version the caller saw. Who may not edit it is
 * refused before it is read; the service checks the version again under a lock.
 */
async function loadForEdit(db: Database, actor: Actor, id: string, version: number) {
  assertCanEditOrganization(actor, id);
  const current = await getOrganization({ db, actor, id });
  assertSameVersion(`Organization ${id}`, version, current.version);
  return current;
}

/** Saves the organisation with another list of contacts, everything else as it is. */
function saveContacts(
  db: Database,
  actor: Actor,
  current: OrganizationDetail,
  version: number,
  contacts: ContactInput[],
) {
  return updateOrganization({
    db,
    actor,
    id: current.id,
    input: {
      version,
      name: current.name,
      acronym: current.acronym ?? undefined,
      website: current.website ?? undefined,
      contacts,
    },
  });
}

function findContact(current: OrganizationDetail, contactId: string): ContactRow {
  const contact = current.contacts?.find((row) => row.id === contactId);
  if (!contact) throw notFound("Contact", contactId);
  return contact;
}

/** GET /organizations/{id} and the organisation writes, contacts included. */
export function registerOrganizationRoutes(api: OpenAPIHono<AppEnv>): void {
  api.openapi(getOrganizationRoute, async (c) => {
    return c.json(await answerOrganization(c.var.db, c.var.actor, c.req.valid("param").id), 200);
  });

  api.openapi(createOrganizationRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createOrganization({ db, actor, input: c.req.valid("json") });
    c.header("Location", `/api/v1/organizations/${row.id}`);
    return c.json(await answerOrganization(db, actor, row.id), 201);
  });

  api.openapi(patchOrganizationRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const current = await loadForEdit(db, actor, id, patch.version);
    await updateOrganization({
      db,
      actor,
      id,
      input: {
        version: patch.version,
        ...(patch.kind ? { kind: patch.kind } : {}),
        name: patch.name ?? current.name,
        acronym: (patch.acronym === undefined ? current.acronym : patch.acronym) ?? undefined,
        website: (patch.website === undefined ? current.website : patch.website) ?? undefined,
        contacts: patch.contacts ?? (current.contacts ?? []).map(asContactInput),
      },
    });
    return c.json(await answerOrganization(db, actor, id), 200);
  });

  api.openapi(deleteOrganizationRoute, async (c) => {
    const { version } = c.req.valid("query");
    await deleteOrganization({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").id, version });
    return c.body(null, 204);
  });

  api.openapi(addContactRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const { version, ...contact } = c.req.valid("json");
    const current = await loadForEdit(db, actor, id, version);
    const contacts = [...(current.contacts ?? []).map(asContactInput), contact];
    await saveContacts(db, actor, current, version, contacts);
    return c.json(await answerOrganization(db, actor, id), 201);
  });

  api.openapi(patchContactRoute, async (c) => {
    const { db, actor } = c.var;
    const { id, contactId } = c.req.valid("param");
    const { version, ...patch } = c.req.valid("json");
    const current = await loadForEdit(db, actor, id, version);
    findContact(current, contactId);
    const contacts = (current.contacts ?? []).map((row) => {
      if (row.id !== contactId) return asContactInput(row);
      const merged: Record<string, unknown> = { ...asContactInput(row) };
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) merged[key] = value ?? undefined;
      }
      return merged as ContactInput;
    });
    await saveContacts(db, actor, current, version, contacts);
    return c.json(await answerOrganization(db, actor, id), 200);
  });

  api.openapi(deleteContactRoute, async (c) => {
    const { db, actor } = c.var;
    const { id, contactId } = c.req.valid("param");
    const { version } = c.req.valid("query");
    const current = await loadForEdit(db, actor, id, version);
    findContact(current, contactId);
    const contacts = (current.contacts ?? []).filter((row) => row.id !== contactId).map(asContactInput);
    await saveContacts(db, actor, current, version, contacts);
    return c.body(null, 204);
  });
}
