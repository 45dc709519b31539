import type { MiddlewareHandler } from "hono";
import { assertCanWriteAgreements } from "../agreements/agreements.policy.js";
import {
  assertCanCreateOrganization,
  assertCanDeleteOrganization,
  assertCanEditOrganization,
} from "../partners/organizations.policy.js";
import type { AppEnv } from "../web/context.js";

/**
 * Permission checks that run before a route validates its body, so that a person who may not
 * use a route is told "forbidden", never what is wrong with what they sent. The services
 * check again: these only decide who gets as far as validation.
 */
type Guard = MiddlewareHandler<AppEnv>;

export const staffWritesAgreements: Guard = async (c, next) => {
  assertCanWriteAgreements(c.var.actor);
  await next();
};

/** A party's commitments: the staff, or the focal point of that very organisation. */
export const partyCommitmentsWriter: Guard = async (c, next) => {
  const { actor } = c.var;
  const own = actor.role === "focal_point" && actor.organizationId === c.req.param("organizationId");
  if (!own) assertCanWriteAgreements(actor);
  await next();
};

export const organizationCreator: Guard = async (c, next) => {
  assertCanCreateOrganization(c.var.actor);
  await next();
};

export const organizationEditor: Guard = async (c, next) => {
  assertCanEditOrganization(c.var.actor, c.req.param("id") ?? "");
  await next();
};

export const organizationDeleter: Guard = async (c, next) => {
  assertCanDeleteOrganization(c.var.actor);
  await next();
};
