import { type AppError, asAppError } from "../shared/errors.js";

type Answer = Response | Promise<Response>;

/** What a workspace form shows when a save is refused, by kind of refusal. */
export interface Reshow {
  /** the person's input was refused: the form again, with their input and the reasons */
  invalid?: (refusal: AppError) => Answer;
  /** someone saved first (a stale version): theirs beside the person's input, kept */
  stale?: (refusal: AppError) => Answer;
  /** any other conflict (still referenced, a duplicate…), and a stale version when `stale` is not given */
  conflict?: (refusal: AppError) => Answer;
}

/** A save refused because the record changed since the form was opened. */
export const isStaleVersion = (refusal: AppError): boolean =>
  refusal.code === "conflict" && refusal.issues.some((issue) => issue.field === "version");

/**
 * Runs a workspace form's save (which answers, usually with a redirect); a refusal the form can
 * show is handed to `reshow` so the person keeps what they typed. Anything else goes on to the
 * error page.
 */
export async function saveOrReshow(save: () => Promise<Response>, reshow: Reshow): Promise<Response> {
  try {
    return await save();
  } catch (error) {
    const refusal = asAppError(error);
    const show = refusal && showerOf(refusal, reshow);
    if (!refusal || !show) throw error;
    return show(refusal);
  }
}

function showerOf(refusal: AppError, reshow: Reshow): Reshow[keyof Reshow] {
  if (refusal.code === "validation") return reshow.invalid;
  if (refusal.code !== "conflict") return undefined;
  return (isStaleVersion(refusal) && reshow.stale) || reshow.conflict;
}
