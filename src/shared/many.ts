import { AppError, type FieldIssue, validationError } from "./errors.js";

/*
 * The services that make many records at once (a spreadsheet import's new rows) answer each
 * record asked for on its own: made, or refused with the error its form would have given. Only a
 * refusal (an AppError) is an answer; any other error is a fault and stops the whole call.
 */

/** One record asked for: made (`row`), or refused with its form's error. */
export type Answer<T> = { row: T; error?: undefined } | { row?: undefined; error: AppError };

export interface Answers<T> {
  /** The item at `index` is refused with `error` (thrown again unless it is an AppError). */
  refuse(index: number, error: unknown): void;
  /** Runs the item's check: its result, or undefined once the check's refusal is the item's answer. */
  attempt<R>(index: number, check: () => R): R | undefined;
  /** Whether the item has none of these issues: else it is refused with them all. */
  passes(index: number, issues: FieldIssue[]): boolean;
  /** The item at `index` was made. */
  made(index: number, row: T): void;
  /** Every item's answer, in the order asked. */
  all(): Answer<T>[];
}

export function answersFor<T>(count: number): Answers<T> {
  const answers: (Answer<T> | undefined)[] = Array.from({ length: count });
  const refuse = (index: number, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    answers[index] = { error };
  };
  return {
    refuse,
    attempt(index, check) {
      try {
        return check();
      } catch (error) {
        refuse(index, error);
        return undefined;
      }
    },
    passes(index, issues) {
      if (issues.length) refuse(index, validationError(issues));
      return !issues.length;
    },
    made(index, row) {
      answers[index] = { row };
    },
    all() {
      const missing = answers.indexOf(undefined);
      if (missing >= 0) throw new Error(`item ${missing} was neither made nor refused`);
      return answers as Answer<T>[];
    },
  };
}

/**
 * The items whose agreement the actor may read (`unreadable` answers the refusal of each agreement
 * it may not, for them all at once; an item of one is answered with that refusal) and whose input
 * `parse` accepts, with their place among the items and their parsed data: the first checks a
 * form makes, for many at once.
 */
export async function readableInputs<T, Input, Data>(
  answers: Answers<T>,
  items: { agreementId: string; input: Input }[],
  {
    unreadable,
    parse,
  }: {
    unreadable: (agreementIds: string[]) => Promise<Map<string, unknown>>;
    parse: (input: Input) => Data;
  },
): Promise<{ index: number; agreementId: string; data: Data }[]> {
  const refused = await unreadable([...new Set(items.map((item) => item.agreementId))]);
  return items.flatMap(({ agreementId, input }, index) => {
    const data = answers.attempt(index, () => {
      if (refused.has(agreementId)) throw refused.get(agreementId);
      return parse(input);
    });
    return data === undefined ? [] : [{ index, agreementId, data }];
  });
}
