import type { z } from "@hono/zod-openapi";
import type { organizations } from "../db/schema/index.js";
import type { organizationOut, organizationRefOut } from "./organizations.api-schemas.js";
import type { listOrganizations } from "./organizations.queries.js";

type OrganizationRow = typeof organizations.$inferSelect;

export const presentOrganizationRef = (row: OrganizationRow): z.infer<typeof organizationRefOut> => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  acronym: row.acronym,
});

type OrganizationItem = Awaited<ReturnType<typeof listOrganizations>>[number];

export const presentOrganization = (row: OrganizationItem): z.infer<typeof organizationOut> => ({
  ...presentOrganizationRef(row),
  website: row.website,
  agreementCount: row.agreementCount,
});
