import type { ModuleRouteRules } from "../security/walk-roles.js";

/** Who may use each of this module's routes (see src/security/route-rules.ts), and how the walk makes their parameters. */
export const progressRouteRules: ModuleRouteRules = {
  rules: {},
  params: {},
};
