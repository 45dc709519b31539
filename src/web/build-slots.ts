import { AppError } from "../shared/errors.js";

/**
 * How many costly files (spreadsheet exports: tens of seconds of CPU and hundreds of MB at
 * 10,000 agreements) this process makes at once. A request that finds every slot taken is
 * answered 503 at once rather than queued: a queue would only hold the memory of every waiting
 * request and answer them after their clients gave up.
 */
export interface BuildSlots {
  /** A slot and the function that gives it back (once, however often called); undefined when all are taken. */
  tryTake(): (() => void) | undefined;
  /** slots in use now */
  inUse(): number;
}

export function buildSlots(size: number): BuildSlots {
  let used = 0;
  return {
    tryTake() {
      if (used >= size) return undefined;
      used += 1;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        used -= 1;
      };
    },
    inUse: () => used,
  };
}

/** What a client is told to wait before asking again while every slot is taken. */
export const BUSY_RETRY_SECONDS = 30;

/** The refusal while every slot is taken: 503 with Retry-After, said in the reader's language. */
export function buildsBusy(): AppError {
  const message = `Too many exports are being made at the moment; try again in ${BUSY_RETRY_SECONDS} seconds`;
  return new AppError("service_unavailable", message, {
    issues: [{ field: "", message, reason: "exportsBusy", values: { seconds: BUSY_RETRY_SECONDS } }],
  });
}

/** A slot, or the refusal. */
export function takeSlot(slots: BuildSlots): () => void {
  const release = slots.tryTake();
  if (!release) throw buildsBusy();
  return release;
}
