import type { AgreementStatus } from "../db/schema/index.js";

/**
 * The allowed status transitions. A status not listed as a key is final. Expiry and
 * termination end an agreement; a renewal is a new term recorded by amendment.
 */
export const allowedTransitions: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ["negotiation", "terminated"],
  negotiation: ["draft", "signed", "terminated"],
  signed: ["in_force", "terminated"],
  in_force: ["suspended", "expired", "terminated"],
  suspended: ["in_force", "expired", "terminated"],
  expired: [],
  terminated: [],
};

export const canTransition = (from: AgreementStatus, to: AgreementStatus): boolean =>
  allowedTransitions[from].includes(to);

/**
 * The transitions a person confirms on a page of their own, told what follows: a suspension
 * (the agreement stops being in force) and every transition to a final status, which nothing undoes.
 */
export const needsConfirmationStep = (to: AgreementStatus): boolean =>
  to === "suspended" || allowedTransitions[to].length === 0;
