/**
 * The zod schema of a registry document (see docs/registry-format.md) and the helpers that put
 * its records in one canonical form, so that a record read from a file and the same record read
 * from the database compare equal. Pure: no database.
 */

import { z } from "zod";
import { isoDate, referenceSchema, themes } from "../agreements/agreements.input.js";
import {
  agreementKinds,
  agreementStatuses,
  contributionNatures,
  organizationKinds,
  partyRoles,
  renewalModes,
  territoryKinds,
  visibilities,
} from "../db/schema/index.js";
import { contactInputSchema } from "../partners/organizations.input.js";
import {
  cleanText,
  localizedTextSchema,
  optionalLocalizedTextSchema,
  text,
  wellFormedJson,
} from "../shared/localized.js";
import { hcpCodeSchema } from "../territories/territories.input.js";
import {
  actionPlanSchema,
  actionPlanSchemaV1,
  canonicalFollowUp,
  followUpIds,
  followUpReferenceIssues,
  followUpShape,
  noFollowUp,
} from "./registry-json.followup-input.js";
import { amount, canonicalTimestamp, int32, timestampSchema, uuid } from "./registry-json.values.js";

export const REGISTRY_FORMAT = "sharaka-registry";
/** What export writes; import reads this and every earlier version. */
export const REGISTRY_FORMAT_VERSION = 2;

export { canonicalTimestamp, timestampSchema };

const position = int32.min(0);
const territoryCode = hcpCodeSchema;
const nullableDate = isoDate.nullable();

/** Settings the application reads, and the shape each value must have. */
export const knownSettingValues: Record<string, z.ZodType> = {
  association_organization_id: z.uuid("must be the association's organisation id"),
};

const settingSchema = z
  .strictObject({
    key: text().min(1).max(200),
    value: wellFormedJson(z.json().refine((value) => value !== null, "must not be null")),
  })
  .superRefine((setting, ctx) => {
    const schema = knownSettingValues[setting.key];
    const result = schema?.safeParse(setting.value);
    if (result && !result.success) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: result.error.issues[0]?.message ?? "is not valid",
      });
    }
  });

const territorySchema = z.strictObject({
  code: territoryCode,
  kind: z.enum(territoryKinds),
  name: localizedTextSchema(300),
  fullName: localizedTextSchema(500),
  regionCode: territoryCode.nullable(),
  iso3166_2: text().min(1).max(20).nullable(),
  population2024: int32.min(0).nullable(),
  validFrom: isoDate,
  validTo: nullableDate,
});

const contactSchema = z.strictObject({
  id: uuid,
  fullName: contactInputSchema.shape.fullName,
  role: cleanText(200).nullable(),
  email: contactInputSchema.shape.email.unwrap().nullable(),
  phone: contactInputSchema.shape.phone.unwrap().nullable(),
  position,
});

const organizationSchema = z.strictObject({
  id: uuid,
  kind: z.enum(organizationKinds),
  name: localizedTextSchema(300),
  acronym: cleanText(30).nullable(),
  website: z.url("must be a web address").max(500).nullable(),
  version: int32.min(1),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  contacts: z.array(contactSchema).max(50),
});

const agreementFields = {
  id: uuid,
  reference: referenceSchema,
  kind: z.enum(agreementKinds),
  title: localizedTextSchema(500),
  summary: optionalLocalizedTextSchema(8000),
  status: z.enum(agreementStatuses),
  visibility: z.enum(visibilities),
  themes: z.array(z.enum(themes)).max(themes.length),
  national: z.boolean(),
  signedOn: nullableDate,
  effectiveOn: nullableDate,
  expiresOn: nullableDate,
  durationMonths: int32.min(1).nullable(),
  renewal: z.enum(renewalModes),
  renewalNoticeDays: int32.min(0).nullable(),
  parentId: uuid.nullable(),
  sourceKey: text().min(1).max(200).nullable(),
  version: int32.min(1),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  parties: z
    .array(z.strictObject({ organizationId: uuid, role: z.enum(partyRoles), position }))
    .min(1, "an agreement needs at least one party")
    .max(50),
  territoryCodes: z.array(territoryCode).max(100),
  objectives: z.array(z.strictObject({ id: uuid, position, text: localizedTextSchema(4000) })).max(200),
  commitments: z
    .array(z.strictObject({ id: uuid, organizationId: uuid, position, text: localizedTextSchema(4000) }))
    .max(200),
  contributions: z
    .array(
      z.strictObject({
        id: uuid,
        organizationId: uuid,
        amount,
        currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code"),
        nature: z.enum(contributionNatures),
        description: optionalLocalizedTextSchema(2000),
      }),
    )
    .max(100),
  amendments: z
    .array(z.strictObject({ id: uuid, signedOn: isoDate, summary: localizedTextSchema(4000) }))
    .max(100),
};

const agreementSchemaV1 = z.strictObject({
  ...agreementFields,
  actionPlans: z.array(actionPlanSchemaV1).max(50),
});

const agreementSchema = z.strictObject({
  ...agreementFields,
  actionPlans: z.array(actionPlanSchema).max(50),
  ...followUpShape,
});

const auditEventSchema = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  at: timestampSchema,
  actor: text().min(1).max(200),
  action: text().min(1).max(200),
  entityType: text().min(1).max(200),
  entityId: text().min(1).max(200),
  changes: wellFormedJson(z.record(z.string(), z.json())),
});

type Path = (string | number)[];
export type Issue = { path: Path; message: string };

/** Every id (and every other unique key) used once in the whole file. */
function duplicateIssues(document: z.output<typeof documentShape>): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, Path>();
  const once = (table: string, key: string | number, path: Path, what = "id") => {
    const first = seen.get(`${table}\u0000${key}`);
    if (first) issues.push({ path, message: `${what} ${key} is used twice (also at ${formatPath(first)})` });
    else seen.set(`${table}\u0000${key}`, path);
  };
  for (const [i, s] of document.settings.entries()) once("settings", s.key, ["settings", i, "key"], "key");
  for (const [i, t] of document.territories.entries())
    once("territories", t.code, ["territories", i, "code"], "code");
  for (const [i, o] of document.organizations.entries()) {
    once("organizations", o.id, ["organizations", i, "id"]);
    for (const [j, c] of o.contacts.entries())
      once("contacts", c.id, ["organizations", i, "contacts", j, "id"]);
  }
  for (const [i, a] of document.agreements.entries()) {
    const at = (...rest: Path): Path => ["agreements", i, ...rest];
    once("agreements", a.id, at("id"));
    once("references", a.reference, at("reference"), "reference");
    if (a.sourceKey !== null) once("sourceKeys", a.sourceKey, at("sourceKey"), "sourceKey");
    for (const [j, p] of a.parties.entries()) {
      once(`parties/${a.id}`, `${p.organizationId}/${p.role}`, at("parties", j), "party");
    }
    for (const [j, code] of a.territoryCodes.entries()) {
      once(`territories/${a.id}`, code, at("territoryCodes", j), "territory");
    }
    for (const list of ["objectives", "commitments", "contributions", "amendments", "actionPlans"] as const) {
      for (const [j, item] of a[list].entries()) once(list, item.id, at(list, j, "id"));
    }
    for (const { list, path, id } of followUpIds(a)) once(list, id, at(...path));
  }
  for (const [i, e] of document.auditEvents.entries()) once("auditEvents", e.id, ["auditEvents", i, "id"]);
  return issues;
}

/** A parent chain inside the file must end; an agreement cannot be its own ancestor. */
function parentCycleIssues(document: z.output<typeof documentShape>): Issue[] {
  const parentOf = new Map(document.agreements.map((a) => [a.id, a.parentId]));
  const issues: Issue[] = [];
  document.agreements.forEach((a, i) => {
    let current: string | null | undefined = a.parentId;
    for (let steps = 0; current !== null && current !== undefined && steps <= parentOf.size; steps++) {
      if (current === a.id) {
        issues.push({
          path: ["agreements", i, "parentId"],
          message: "makes the agreement its own parent or ancestor",
        });
        return;
      }
      current = parentOf.get(current);
    }
  });
  return issues;
}

const documentFields = {
  format: z.literal(REGISTRY_FORMAT),
  exportedAt: timestampSchema,
  settings: z.array(settingSchema),
  territories: z.array(territorySchema),
  organizations: z.array(organizationSchema),
  auditEvents: z.array(auditEventSchema),
};

const documentShape = z.strictObject({
  ...documentFields,
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  agreements: z.array(agreementSchema),
});

/** A version 1 agreement read as version 2: no follow-up, and a plan's version and update as a new plan's. */
const agreementV1AsV2 = (a: z.output<typeof agreementSchemaV1>): z.output<typeof agreementSchema> => ({
  ...a,
  actionPlans: a.actionPlans.map((p) => ({ ...p, version: 1, updatedAt: p.createdAt })),
  ...noFollowUp(),
});

const documentShapeV1 = z
  .strictObject({ ...documentFields, formatVersion: z.literal(1), agreements: z.array(agreementSchemaV1) })
  .transform(
    (document): z.output<typeof documentShape> => ({
      ...document,
      agreements: document.agreements.map(agreementV1AsV2),
    }),
  );

/**
 * The schema of each list's records, per format version, for a reader that checks a document one
 * record at a time (registry-json.read.ts); the document's own fields are `registryDocumentHead`'s.
 */
const unversionedLists = {
  settings: settingSchema,
  territories: territorySchema,
  organizations: organizationSchema,
  auditEvents: auditEventSchema,
};
export const registryListSchemas = {
  1: { ...unversionedLists, agreements: agreementSchemaV1.transform(agreementV1AsV2) },
  2: { ...unversionedLists, agreements: agreementSchema },
} as const;
export type RegistryList = keyof (typeof registryListSchemas)[2];

/** A document with each list's records left out (checked one by one against `registryListSchemas`). */
export const registryDocumentHead = z.strictObject({
  format: documentFields.format,
  exportedAt: documentFields.exportedAt,
  formatVersion: documentShape.shape.formatVersion,
  ...Object.fromEntries(
    (Object.keys(registryListSchemas[2]) as RegistryList[]).map((list) => [list, z.array(z.unknown())]),
  ),
});

/** What no single record shows: ids used twice, parent cycles, follow-up that points nowhere. */
export function documentIssues(document: RegistryDocument): Issue[] {
  const issues = [...duplicateIssues(document), ...parentCycleIssues(document)];
  document.agreements.forEach((a, i) => {
    for (const issue of followUpReferenceIssues(a))
      issues.push({ path: ["agreements", i, ...issue.path], message: issue.message });
  });
  return issues;
}

const fileIssues = (document: RegistryDocument, ctx: z.RefinementCtx) => {
  for (const issue of documentIssues(document))
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
};

/** Version 2 (what export writes); `registryDocumentSchemaV1` reads version 1 files into the same shape. */
export const registryDocumentSchema = documentShape
  .extend({ formatVersion: z.literal(2) })
  .superRefine(fileIssues);
export const registryDocumentSchemaV1 = documentShapeV1.superRefine(fileIssues);

/** Either version, read into one shape (`formatVersion` says which the file was). */
export type RegistryDocument = z.output<typeof documentShape>;
export type RegistrySetting = RegistryDocument["settings"][number];
export type RegistryTerritory = RegistryDocument["territories"][number];
export type RegistryOrganization = RegistryDocument["organizations"][number];
export type RegistryContact = RegistryOrganization["contacts"][number];
export type RegistryAgreement = RegistryDocument["agreements"][number];
export type RegistryAuditEvent = RegistryDocument["auditEvents"][number];

/** `["agreements", 0, "objectives", 1, "text"]` → `agreements[0].objectives[1].text` */
export function formatPath(path: readonly PropertyKey[]): string {
  if (!path.length) return "(document)";
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${String(part)}`))
    .join("");
}

// Canonical order of every list, used both by the export and to compare a file's record with the database's.
const compare = (...pairs: [string | number, string | number][]): number => {
  for (const [a, b] of pairs) if (a !== b) return a < b ? -1 : 1;
  return 0;
};

export function canonicalOrganization(org: RegistryOrganization): RegistryOrganization {
  return {
    ...org,
    contacts: [...org.contacts].sort((a, b) => compare([a.position, b.position], [a.id, b.id])),
  };
}

export function canonicalAgreement(agreement: RegistryAgreement): RegistryAgreement {
  const byPosition = <T extends { position: number; id: string }>(list: T[]) =>
    [...list].sort((a, b) => compare([a.position, b.position], [a.id, b.id]));
  return {
    ...agreement,
    themes: [...agreement.themes],
    parties: [...agreement.parties].sort((a, b) =>
      compare([a.position, b.position], [a.organizationId, b.organizationId], [a.role, b.role]),
    ),
    territoryCodes: [...agreement.territoryCodes].sort(),
    objectives: byPosition(agreement.objectives),
    commitments: byPosition(agreement.commitments),
    contributions: [...agreement.contributions].sort((a, b) => compare([a.id, b.id])),
    amendments: [...agreement.amendments].sort((a, b) => compare([a.signedOn, b.signedOn], [a.id, b.id])),
    actionPlans: [...agreement.actionPlans].sort((a, b) => compare([a.createdAt, b.createdAt], [a.id, b.id])),
    ...canonicalFollowUp(agreement),
  };
}

export const sortSettings = (list: RegistrySetting[]) => [...list].sort((a, b) => compare([a.key, b.key]));
export const sortTerritories = (list: RegistryTerritory[]) =>
  [...list].sort((a, b) => compare([a.code, b.code]));
export const sortByCreation = <T extends { createdAt: string; id: string }>(list: T[]) =>
  [...list].sort((a, b) => compare([a.createdAt, b.createdAt], [a.id, b.id]));
export const sortAuditEvents = (list: RegistryAuditEvent[]) => [...list].sort((a, b) => a.id - b.id);

/** JSON with object keys sorted: jsonb does not keep the key order of the file. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Top-level keys whose values differ, for a conflict message. */
export function differingKeys(a: object, b: object): string[] {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter(
    (key) => stableJson(left[key]) !== stableJson(right[key]),
  );
}
