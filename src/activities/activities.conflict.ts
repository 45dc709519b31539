import type { Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, languages, textOf } from "../shared/localized.js";
import { type ConflictRow, conflictValues } from "../web/conflict.js";
import type { ActivityFormValues, PlanFormValues } from "./activities.form.js";
import type { ActivityChoices } from "./activity-form.views.js";

/*
 * The rows of the conflict panel: the saved record beside the person's unsaved form, field by
 * field, in words (names, not ids), so that the person sees what the other save changed.
 */

/** The form's field names whose label is named otherwise in `activities.fields`. */
const fieldLabels: Partial<Record<keyof ActivityFormValues, string>> = {
  actionPlanId: "actionPlan",
  responsibleOrganizationId: "responsible",
  objectiveIds: "objectives",
  territoryCodes: "territories",
  documentIds: "documents",
};

const dash = (value: string | undefined): string => (value === undefined || value === "" ? "—" : value);

function localizedRows(
  t: Translate,
  label: string,
  theirs: LocalizedText,
  yours: LocalizedText,
): ConflictRow[] {
  return languages.map((lang) => ({
    label: `${label} (${t(`languageNames.${lang}`)})`,
    theirs: dash(theirs[lang]),
    yours: dash(yours[lang]),
  }));
}

export function planConflictRows(
  t: Translate,
  lang: Language,
  theirs: PlanFormValues,
  yours: PlanFormValues,
): ConflictRow[] {
  const say = conflictValues("action_plan", { lang, t });
  return [
    ...localizedRows(t, t("activities.fields.planTitle"), theirs.title, yours.title),
    {
      label: t("activities.fields.periodStart"),
      theirs: say("periodStart", theirs.periodStart),
      yours: say("periodStart", yours.periodStart),
    },
    {
      label: t("activities.fields.periodEnd"),
      theirs: say("periodEnd", theirs.periodEnd),
      yours: say("periodEnd", yours.periodEnd),
    },
  ];
}

export function activityConflictRows({
  t,
  lang,
  theirs,
  yours,
  choices,
  reportOnly,
}: {
  t: Translate;
  lang: Language;
  theirs: ActivityFormValues;
  yours: ActivityFormValues;
  choices: ActivityChoices;
  /** the report form shows the reported fields only */
  reportOnly: boolean;
}): ConflictRow[] {
  const named = (items: { id: string; label: LocalizedText | undefined }[]) => (id: string | undefined) =>
    id === undefined ? "—" : textOf(items.find((item) => item.id === id)?.label, lang, id);
  const planName = named(choices.plans.map((plan) => ({ id: plan.id, label: plan.title })));
  const partyName = named(choices.parties.map((party) => ({ id: party.id, label: party.name })));
  const objectiveText = named(
    choices.objectives.map((objective) => ({ id: objective.id, label: objective.text })),
  );
  const documentTitle = named(choices.documents.map((doc) => ({ id: doc.id, label: doc.title })));
  const placeName = named(choices.territories.map((place) => ({ id: place.code, label: place.name })));
  const list = (names: string[]) => (names.length ? names.join(" · ") : "—");
  const say = conflictValues("activity", { lang, t });
  // Dates, amounts and choices are said as the audit log says them.
  const said =
    (field: keyof ActivityFormValues) =>
    (value: string | undefined): string =>
      say(field, value);
  const row = <K extends keyof ActivityFormValues>(
    field: K,
    say: (value: ActivityFormValues[K]) => string,
  ): ConflictRow => ({
    label: t(`activities.fields.${fieldLabels[field] ?? field}`),
    theirs: say(theirs[field]),
    yours: say(yours[field]),
  });
  const planned: ConflictRow[] = [
    row("actionPlanId", planName),
    row("kind", said("kind")),
    ...localizedRows(t, t("activities.fields.title"), theirs.title, yours.title),
    ...localizedRows(t, t("activities.fields.description"), theirs.description, yours.description),
    row("responsibleOrganizationId", partyName),
    row("objectiveIds", (ids) => list(ids.map(objectiveText))),
    row("targetGroups", (groups) => list(groups.map(said("targetGroups")))),
    row("territoryCodes", (codes) => list(codes.map(placeName))),
    row("plannedStart", said("plannedStart")),
    row("plannedEnd", said("plannedEnd")),
    row("budgetPlanned", said("budgetPlanned")),
  ];
  const reported: ConflictRow[] = [
    row("status", said("status")),
    row("actualStart", said("actualStart")),
    row("actualEnd", said("actualEnd")),
    row("budgetSpent", said("budgetSpent")),
    row("participantCount", dash),
    row("attendance", (codes) => list(codes.map(placeName))),
    ...localizedRows(t, t("activities.fields.deliverables"), theirs.deliverables, yours.deliverables),
    row("documentIds", (ids) => list(ids.map(documentTitle))),
  ];
  return reportOnly ? reported : [...planned, ...reported];
}
