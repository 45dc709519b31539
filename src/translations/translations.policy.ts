import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";
import { isLanguage, type Language, languages } from "../shared/localized.js";

/**
 * Who fills in missing texts. The staff (administrator, secretariat) write every text in every
 * language already; an account given the translator permission (users.translates) writes texts
 * in its languages, whatever its role, and nothing else through it: the translation queue's
 * save sets one language of a record's texts and touches no other field. It reads what it
 * translates within its own reading scope. A read-only API token writes nothing.
 */
function languagesOf(actor: Actor): Language[] {
  if (!mayWrite(actor)) return [];
  if (isStaff(actor)) return [...languages];
  return languages.filter((lang) => actor.translates?.includes(lang));
}

export const translationPolicy = {
  /** The languages the actor may write texts in through the queue; empty for most accounts. */
  languagesOf,
  canTranslate: (actor: Actor): boolean => languagesOf(actor).length > 0,
  canTranslateInto: (actor: Actor, lang: Language): boolean => languagesOf(actor).includes(lang),
};

export function assertCanTranslate(actor: Actor): void {
  if (!translationPolicy.canTranslate(actor)) refuse(actor, "You may not translate texts");
}

export function assertCanTranslateInto(actor: Actor, lang: Language): void {
  if (!translationPolicy.canTranslateInto(actor, lang))
    refuse(actor, `You may not translate texts into ${lang}`);
}

/**
 * Who may use the queue at an address naming `target`, before anything is validated: that
 * language's translators; for an address naming no language, any translator (who is then told
 * what is wrong with the address, and nobody else is).
 */
export function assertCanUseQueueOf(actor: Actor, target: string): void {
  if (isLanguage(target)) assertCanTranslateInto(actor, target);
  else assertCanTranslate(actor);
}
