import { type AppError, asAppError } from "../src/shared/errors.js";

/**
 * The AppError a call was refused with, as the application maps it (asAppError: a database
 * conflict counts as the conflict a person would be shown). Fails the test when the call
 * succeeds; rethrows any other failure, so a crash never passes for a refusal.
 */
export async function refusal(call: Promise<unknown>): Promise<AppError> {
  const outcome = await call.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error("expected the call to be refused, but it succeeded");
  const known = asAppError(outcome.error);
  if (!known) throw outcome.error;
  return known;
}

/** The code of the refusal (`forbidden`, `not_found`, `conflict`…), for tests that compare codes only. */
export async function refusalCode(call: Promise<unknown>): Promise<string> {
  return (await refusal(call)).code;
}
