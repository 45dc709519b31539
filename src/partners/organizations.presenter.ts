import type { z } from "@hono/zod-openapi";
import { presentOrganizationRef } from "../agreements/agreements.presenter.js";
import type { organizationOut } from "./organizations.api-schemas.js";
import type { listOrganizations } from "./organizations.service.js";

type OrganizationItem = Awaited<ReturnType<typeof listOrganizations>>[number];

export const presentOrganization = (row: OrganizationItem): z.infer<typeof organizationOut> => ({
  ...presentOrganizationRef(row),
  website: row.website,
  agreementCount: row.agreementCount,
});
