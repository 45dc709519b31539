/**
 * Lets pending I/O and other requests run before a long synchronous computation goes on: one
 * process serves everyone, so a loop over thousands of records gives way now and then.
 */
export const giveOthersATurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
