import {
  actionStatuses,
  activityKinds,
  activityStatuses,
  committeeRoles,
  indicatorAggregations,
  indicatorDirections,
  indicatorFrequencies,
  indicatorValueStatuses,
  meetingStatuses,
  targetGroups,
} from "../db/schema/index.js";
import {
  agreementColumn,
  column,
  dateColumn,
  enumOf,
  idColumn,
  localized,
  numberColumn,
  organizationColumn,
  ref,
  type SheetLayout,
} from "./spreadsheet-columns.js";

const budgetMeaning = {
  ar: "بالدرهم (رقمان بعد الفاصلة على الأكثر، بدون فواصل الآلاف).",
  fr: "En dirhams (au plus deux décimales, sans séparateur de milliers).",
  en: "In dirhams (at most two decimals, no thousands separator).",
};

/** The follow-up of an agreement: plans, activities, indicators, and the steering committee. */
export function followUpSheets(): SheetLayout[] {
  return [
    {
      key: "action_plans",
      audience: "public",
      label: { ar: "خطط العمل", fr: "Plans d'action", en: "Action plans" },
      meaning: {
        ar: "خطط عمل كل اتفاقية لفترة معينة.",
        fr: "Les plans d'action de chaque convention, par période.",
        en: "Each agreement's action plans, by period.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "الخطة", fr: "du plan", en: "the plan" }),
        ...localized(
          "title",
          300,
          { ar: "العنوان", fr: "Intitulé", en: "Title" },
          { ar: "عنوان الخطة", fr: "Intitulé du plan", en: "The plan's title" },
          { required: true },
        ),
        dateColumn(
          "period_start",
          { ar: "بداية الفترة", fr: "Début de la période", en: "Period start" },
          { ar: "أول يوم في الفترة.", fr: "Premier jour de la période.", en: "First day of the period." },
        ),
        dateColumn(
          "period_end",
          { ar: "نهاية الفترة", fr: "Fin de la période", en: "Period end" },
          { ar: "آخر يوم في الفترة.", fr: "Dernier jour de la période.", en: "Last day of the period." },
        ),
        idColumn,
      ],
    },
    {
      key: "activities",
      audience: "public",
      label: { ar: "الأنشطة", fr: "Activités", en: "Activities" },
      meaning: {
        ar: "أنشطة خطط العمل.",
        fr: "Les activités des plans d'action.",
        en: "The action plans' activities.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "النشاط", fr: "de l'activité", en: "the activity" }),
        column(
          "plan_number",
          ref({ kind: "number", sheet: "action_plans" }),
          { ar: "رقم الخطة", fr: "Numéro du plan", en: "Plan number" },
          {
            ar: "رقم خطة العمل في ورقة action_plans (للاتفاقية نفسها).",
            fr: "Numéro du plan d'action dans la feuille action_plans (de la même convention).",
            en: "Number of the action plan in sheet action_plans (same agreement).",
          },
          { required: true },
        ),
        column(
          "kind",
          enumOf(activityKinds, "activities.kinds"),
          { ar: "النوع", fr: "Type", en: "Kind" },
          { ar: "نوع النشاط.", fr: "Type d'activité.", en: "Kind of activity." },
          { required: true },
        ),
        ...localized(
          "title",
          300,
          { ar: "العنوان", fr: "Intitulé", en: "Title" },
          { ar: "عنوان النشاط", fr: "Intitulé de l'activité", en: "The activity's title" },
          { required: true },
        ),
        ...localized(
          "description",
          8000,
          { ar: "الوصف", fr: "Description", en: "Description" },
          { ar: "وصف النشاط", fr: "Description de l'activité", en: "What the activity is" },
        ),
        organizationColumn(
          "responsible_organization",
          { ar: "الطرف المسؤول", fr: "Partie responsable", en: "Responsible party" },
          {
            ar: "الطرف الذي ينفذ النشاط ويقدّم التقارير عنه:",
            fr: "La partie qui la mène et en rend compte :",
            en: "The party that carries it out and reports on it:",
          },
        ),
        column(
          "status",
          enumOf(activityStatuses, "activities.statuses"),
          { ar: "الحالة", fr: "Statut", en: "Status" },
          {
            ar: "حالة النشاط (مبرمج إن تُرك فارغا).",
            fr: "Statut de l'activité (prévue si vide).",
            en: "The activity's status (planned when empty).",
          },
        ),
        column(
          "target_groups",
          enumOf(targetGroups, "activities.targetGroups"),
          { ar: "الفئات المستهدفة", fr: "Publics cibles", en: "Target groups" },
          {
            ar: "لمن النشاط، تفصل بينها ;",
            fr: "À qui s'adresse l'activité, séparés par ;",
            en: "Whom it is for, separated by ;",
          },
          { list: true },
        ),
        dateColumn(
          "planned_start",
          { ar: "البداية المبرمجة", fr: "Début prévu", en: "Planned start" },
          { ar: "تاريخ البداية المبرمج.", fr: "Date de début prévue.", en: "Planned start date." },
        ),
        dateColumn(
          "planned_end",
          { ar: "النهاية المبرمجة", fr: "Fin prévue", en: "Planned end" },
          { ar: "تاريخ النهاية المبرمج.", fr: "Date de fin prévue.", en: "Planned end date." },
        ),
        dateColumn(
          "actual_start",
          { ar: "البداية الفعلية", fr: "Début effectif", en: "Actual start" },
          { ar: "تاريخ البداية الفعلي.", fr: "Date de début effective.", en: "Actual start date." },
        ),
        dateColumn(
          "actual_end",
          { ar: "النهاية الفعلية", fr: "Fin effective", en: "Actual end" },
          { ar: "تاريخ النهاية الفعلي.", fr: "Date de fin effective.", en: "Actual end date." },
        ),
        column(
          "budget_planned",
          { kind: "amount" },
          { ar: "الميزانية المبرمجة", fr: "Budget prévu", en: "Planned budget" },
          {
            ar: `الميزانية المبرمجة ${budgetMeaning.ar}`,
            fr: `Budget prévu ${budgetMeaning.fr}`,
            en: `Planned budget ${budgetMeaning.en}`,
          },
        ),
        column(
          "budget_spent",
          { kind: "amount" },
          { ar: "الميزانية المصروفة", fr: "Budget dépensé", en: "Budget spent" },
          {
            ar: `المبلغ المصروف ${budgetMeaning.ar}`,
            fr: `Montant dépensé ${budgetMeaning.fr}`,
            en: `Amount spent ${budgetMeaning.en}`,
          },
        ),
        column(
          "participant_count",
          { kind: "integer", min: 0 },
          { ar: "عدد المشاركين", fr: "Participants", en: "Participants" },
          { ar: "عدد المشاركين.", fr: "Nombre de participants.", en: "Number of participants." },
        ),
        ...localized(
          "deliverables",
          8000,
          { ar: "المنجزات", fr: "Livrables", en: "Deliverables" },
          { ar: "ما أنتجه النشاط", fr: "Ce que l'activité a produit", en: "What the activity produced" },
        ),
        column(
          "objective_numbers",
          ref({ kind: "number", sheet: "objectives" }),
          { ar: "الأهداف", fr: "Objectifs", en: "Objectives" },
          {
            ar: "أرقام الأهداف التي يخدمها النشاط في ورقة objectives، تفصل بينها ;",
            fr: "Numéros des objectifs servis (feuille objectives), séparés par ;",
            en: "Numbers of the objectives it serves (sheet objectives), separated by ;",
          },
          { list: true },
        ),
        column(
          "territories",
          ref({ kind: "territory" }),
          { ar: "المجالات الترابية", fr: "Territoires", en: "Territories" },
          {
            ar: "أين يجري النشاط: رموز أو أسماء، تفصل بينها ; (فارغ: مجالات الاتفاقية).",
            fr: "Où elle a lieu : codes ou noms, séparés par ; (vide : ceux de la convention).",
            en: "Where it takes place: codes or names, separated by ; (empty: the agreement's).",
          },
          { list: true },
        ),
        idColumn,
      ],
    },
    {
      key: "indicators",
      audience: "public",
      label: { ar: "المؤشرات", fr: "Indicateurs", en: "Indicators" },
      meaning: {
        ar: "مؤشرات تقيس هدفا أو نشاطا.",
        fr: "Les indicateurs, qui mesurent un objectif ou une activité.",
        en: "Indicators, each measuring an objective or an activity.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "المؤشر", fr: "de l'indicateur", en: "the indicator" }),
        column(
          "objective_number",
          ref({ kind: "number", sheet: "objectives" }),
          { ar: "رقم الهدف", fr: "Numéro de l'objectif", en: "Objective number" },
          {
            ar: "الهدف الذي يقيسه (ورقة objectives)؛ إما هدف أو نشاط.",
            fr: "L'objectif mesuré (feuille objectives) ; soit un objectif, soit une activité.",
            en: "The objective it measures (sheet objectives); either an objective or an activity.",
          },
        ),
        column(
          "activity_number",
          ref({ kind: "number", sheet: "activities" }),
          { ar: "رقم النشاط", fr: "Numéro de l'activité", en: "Activity number" },
          {
            ar: "النشاط الذي يقيسه (ورقة activities)؛ إما هدف أو نشاط.",
            fr: "L'activité mesurée (feuille activities) ; soit un objectif, soit une activité.",
            en: "The activity it measures (sheet activities); either an objective or an activity.",
          },
        ),
        ...localized(
          "name",
          300,
          { ar: "الاسم", fr: "Nom", en: "Name" },
          { ar: "اسم المؤشر", fr: "Nom de l'indicateur", en: "The indicator's name" },
          { required: true },
        ),
        ...localized(
          "unit",
          60,
          { ar: "الوحدة", fr: "Unité", en: "Unit" },
          { ar: "وحدة القياس", fr: "Unité de mesure", en: "Unit of measure" },
        ),
        column(
          "direction",
          enumOf(indicatorDirections, "indicators.directions"),
          { ar: "الاتجاه", fr: "Sens", en: "Direction" },
          {
            ar: "هل يجب أن يرتفع أو ينخفض.",
            fr: "S'il doit augmenter ou baisser.",
            en: "Whether it should go up or down.",
          },
          { required: true },
        ),
        column(
          "baseline_value",
          { kind: "decimal" },
          { ar: "القيمة المرجعية", fr: "Valeur de référence", en: "Baseline" },
          { ar: "القيمة عند الانطلاق.", fr: "Valeur au départ.", en: "Value at the start." },
          { required: true },
        ),
        dateColumn(
          "baseline_on",
          { ar: "تاريخ القيمة المرجعية", fr: "Date de référence", en: "Baseline date" },
          {
            ar: "تاريخ القيمة المرجعية.",
            fr: "Date de la valeur de référence.",
            en: "Date of the baseline.",
          },
        ),
        column(
          "target_value",
          { kind: "decimal" },
          { ar: "القيمة المستهدفة", fr: "Valeur cible", en: "Target" },
          { ar: "القيمة المراد بلوغها.", fr: "Valeur à atteindre.", en: "Value to reach." },
          { required: true },
        ),
        dateColumn(
          "target_on",
          { ar: "تاريخ الهدف", fr: "Échéance de la cible", en: "Target date" },
          {
            ar: "متى تُبلغ القيمة المستهدفة.",
            fr: "Quand atteindre la cible.",
            en: "When to reach the target.",
          },
        ),
        column(
          "frequency",
          enumOf(indicatorFrequencies, "indicators.frequencies"),
          { ar: "الدورية", fr: "Fréquence", en: "Frequency" },
          { ar: "دورية القياس.", fr: "Fréquence de mesure.", en: "How often it is measured." },
          { required: true },
        ),
        column(
          "aggregation",
          enumOf(indicatorAggregations, "indicators.aggregations"),
          { ar: "التجميع", fr: "Agrégation", en: "Aggregation" },
          {
            ar: "تراكمي (تُجمع القيم) أو آخر قيمة.",
            fr: "Cumulatif (les valeurs s'additionnent) ou dernière valeur.",
            en: "Cumulative (values add up) or latest value.",
          },
          { required: true },
        ),
        organizationColumn(
          "responsible_organization",
          { ar: "الطرف المسؤول", fr: "Partie responsable", en: "Responsible party" },
          {
            ar: "الطرف الذي يقدّم القيم:",
            fr: "La partie qui en saisit les valeurs :",
            en: "The party that reports its values:",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "indicator_values",
      audience: "public",
      label: { ar: "قيم المؤشرات", fr: "Valeurs des indicateurs", en: "Indicator values" },
      meaning: {
        ar: "قيمة كل مؤشر في كل فترة (لا تُنشر إلا القيم المصادق عليها).",
        fr: "La valeur de chaque indicateur par période (seules les valeurs approuvées sont publiques).",
        en: "Each indicator's value per period (only approved values are public).",
      },
      naturalKey: ["agreement", "indicator_number", "period"],
      columns: [
        agreementColumn,
        column(
          "indicator_number",
          ref({ kind: "number", sheet: "indicators" }),
          { ar: "رقم المؤشر", fr: "Numéro de l'indicateur", en: "Indicator number" },
          {
            ar: "المؤشر في ورقة indicators.",
            fr: "L'indicateur (feuille indicators).",
            en: "The indicator (sheet indicators).",
          },
          { required: true },
        ),
        column(
          "period",
          { kind: "text", max: 7 },
          { ar: "الفترة", fr: "Période", en: "Period" },
          {
            ar: "2026 (سنوي) أو 2026-H1 (نصف سنوي) أو 2026-Q3 (فصلي).",
            fr: "2026 (annuel), 2026-H1 (semestriel) ou 2026-Q3 (trimestriel).",
            en: "2026 (yearly), 2026-H1 (half-yearly) or 2026-Q3 (quarterly).",
          },
          { required: true },
        ),
        column(
          "value",
          { kind: "decimal" },
          { ar: "القيمة", fr: "Valeur", en: "Value" },
          { ar: "القيمة المقيسة.", fr: "Valeur mesurée.", en: "Measured value." },
          { required: true },
        ),
        column(
          "source",
          { kind: "text", max: 300 },
          { ar: "المصدر", fr: "Source", en: "Source" },
          { ar: "مصدر القيمة.", fr: "D'où vient la valeur.", en: "Where the value comes from." },
          { audience: "inside" },
        ),
        column(
          "comment",
          { kind: "text", max: 2000 },
          { ar: "ملاحظة", fr: "Commentaire", en: "Comment" },
          { ar: "ملاحظة داخلية.", fr: "Commentaire interne.", en: "Internal comment." },
          { audience: "inside" },
        ),
        column(
          "status",
          enumOf(indicatorValueStatuses, "indicators.statuses"),
          { ar: "الحالة", fr: "Statut", en: "Status" },
          {
            ar: "حالة المراجعة (مقدمة أو مصادق عليها أو مرجعة).",
            fr: "État de la revue (soumise, approuvée ou renvoyée).",
            en: "Review state (submitted, approved or returned).",
          },
        ),
        column(
          "return_reason",
          { kind: "text", max: 1000 },
          { ar: "سبب الإرجاع", fr: "Motif du renvoi", en: "Reason returned" },
          {
            ar: "لماذا أُرجعت القيمة.",
            fr: "Pourquoi la valeur a été renvoyée.",
            en: "Why the value was returned.",
          },
          { audience: "inside" },
        ),
        idColumn,
      ],
    },
    ...committeeSheets(),
  ];
}

/** The steering committee's records: internal, even of a public agreement. */
function committeeSheets(): SheetLayout[] {
  return [
    {
      key: "committee_members",
      audience: "inside",
      label: { ar: "أعضاء لجنة التتبع", fr: "Membres du comité de pilotage", en: "Committee members" },
      meaning: {
        ar: "أعضاء لجنة تتبع كل اتفاقية.",
        fr: "Les membres du comité de pilotage de chaque convention.",
        en: "The members of each agreement's steering committee.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "العضو", fr: "du membre", en: "the member" }),
        column(
          "full_name",
          { kind: "text", max: 200 },
          { ar: "الاسم الكامل", fr: "Nom complet", en: "Full name" },
          { ar: "اسم العضو.", fr: "Nom du membre.", en: "The member's name." },
          { required: true },
        ),
        organizationColumn(
          "organization",
          { ar: "الهيئة", fr: "Organisme", en: "Organisation" },
          {
            ar: "الهيئة التي يمثلها (اختياري):",
            fr: "L'organisme représenté (facultatif) :",
            en: "The organisation represented (optional):",
          },
          false,
        ),
        column(
          "role",
          enumOf(committeeRoles, "meetings.roles"),
          { ar: "الصفة", fr: "Rôle", en: "Role" },
          {
            ar: "صفته في اللجنة (عضو إن تُرك فارغا).",
            fr: "Rôle au comité (membre si vide).",
            en: "Role on the committee (member when empty).",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "meetings",
      audience: "inside",
      label: { ar: "الاجتماعات", fr: "Réunions", en: "Meetings" },
      meaning: {
        ar: "اجتماعات لجنة التتبع.",
        fr: "Les réunions du comité de pilotage.",
        en: "The steering committee's meetings.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "الاجتماع", fr: "de la réunion", en: "the meeting" }),
        ...localized(
          "title",
          300,
          { ar: "العنوان", fr: "Intitulé", en: "Title" },
          { ar: "عنوان الاجتماع", fr: "Intitulé de la réunion", en: "The meeting's title" },
          { required: true },
        ),
        column(
          "starts_at",
          { kind: "datetime" },
          { ar: "التاريخ والساعة", fr: "Date et heure", en: "Date and time" },
          {
            ar: "بداية الاجتماع بتوقيت المغرب: YYYY-MM-DD HH:MM.",
            fr: "Début, heure du Maroc : AAAA-MM-JJ HH:MM.",
            en: "Start, Moroccan time: YYYY-MM-DD HH:MM.",
          },
          { required: true },
        ),
        column(
          "place",
          { kind: "text", max: 300 },
          { ar: "المكان", fr: "Lieu", en: "Place" },
          { ar: "مكان الاجتماع.", fr: "Lieu de la réunion.", en: "Where it is held." },
        ),
        column(
          "status",
          enumOf(meetingStatuses, "meetings.meetingStatus"),
          { ar: "الحالة", fr: "Statut", en: "Status" },
          {
            ar: "حالة الاجتماع (مبرمج إن تُرك فارغا).",
            fr: "Statut (prévue si vide).",
            en: "Status (planned when empty).",
          },
        ),
        ...localized(
          "agenda",
          8000,
          { ar: "جدول الأعمال", fr: "Ordre du jour", en: "Agenda" },
          { ar: "جدول أعمال الاجتماع", fr: "Ordre du jour de la réunion", en: "The meeting's agenda" },
        ),
        column(
          "attendee_numbers",
          ref({ kind: "number", sheet: "committee_members" }),
          { ar: "الحاضرون", fr: "Présents", en: "Attendees" },
          {
            ar: "أرقام الأعضاء الحاضرين (ورقة committee_members)، تفصل بينها ;",
            fr: "Numéros des membres présents (feuille committee_members), séparés par ;",
            en: "Numbers of the members present (sheet committee_members), separated by ;",
          },
          { list: true },
        ),
        column(
          "other_attendees",
          { kind: "text", max: 2000 },
          { ar: "حاضرون آخرون", fr: "Autres présents", en: "Other attendees" },
          {
            ar: "حاضرون من غير الأعضاء.",
            fr: "Présents qui ne sont pas membres.",
            en: "People present who are not members.",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "decisions",
      audience: "inside",
      label: { ar: "القرارات", fr: "Décisions", en: "Decisions" },
      meaning: {
        ar: "قرارات كل اجتماع، بترتيبها.",
        fr: "Les décisions de chaque réunion, dans l'ordre.",
        en: "Each meeting's decisions, in order.",
      },
      naturalKey: ["agreement", "meeting_number", "number"],
      columns: [
        agreementColumn,
        column(
          "meeting_number",
          ref({ kind: "number", sheet: "meetings" }),
          { ar: "رقم الاجتماع", fr: "Numéro de la réunion", en: "Meeting number" },
          {
            ar: "الاجتماع في ورقة meetings.",
            fr: "La réunion (feuille meetings).",
            en: "The meeting (sheet meetings).",
          },
          { required: true },
        ),
        column(
          "number",
          { kind: "integer", min: 1 },
          { ar: "الرقم", fr: "Numéro", en: "Number" },
          {
            ar: "رقم القرار داخل الاجتماع (1، 2، 3…).",
            fr: "Numéro de la décision dans la réunion (1, 2, 3…).",
            en: "Number of the decision within the meeting (1, 2, 3…).",
          },
          { required: true },
        ),
        ...localized(
          "text",
          4000,
          { ar: "القرار", fr: "Décision", en: "Decision" },
          { ar: "نص القرار", fr: "Texte de la décision", en: "The decision's text" },
          { required: true },
        ),
        idColumn,
      ],
    },
    {
      key: "follow_up_actions",
      audience: "inside",
      label: { ar: "إجراءات التتبع", fr: "Actions de suivi", en: "Follow-up actions" },
      meaning: {
        ar: "الإجراءات المنبثقة عن القرارات أو غيرها.",
        fr: "Les actions de suivi, issues d'une décision ou non.",
        en: "Follow-up actions, born of a decision or not.",
      },
      naturalKey: [],
      columns: [
        agreementColumn,
        column(
          "meeting_number",
          ref({ kind: "number", sheet: "meetings" }),
          { ar: "رقم الاجتماع", fr: "Numéro de la réunion", en: "Meeting number" },
          {
            ar: "اجتماع القرار الذي انبثق عنه الإجراء (اختياري).",
            fr: "Réunion de la décision dont l'action est issue (facultatif).",
            en: "Meeting of the decision the action comes from (optional).",
          },
        ),
        column(
          "decision_number",
          { kind: "integer", min: 1 },
          { ar: "رقم القرار", fr: "Numéro de la décision", en: "Decision number" },
          {
            ar: "رقم القرار داخل ذلك الاجتماع (ورقة decisions).",
            fr: "Numéro de la décision dans cette réunion (feuille decisions).",
            en: "Number of the decision within that meeting (sheet decisions).",
          },
        ),
        ...localized(
          "description",
          2000,
          { ar: "الإجراء", fr: "Action", en: "Action" },
          { ar: "ما يجب فعله", fr: "Ce qu'il faut faire", en: "What is to be done" },
          { required: true },
        ),
        organizationColumn(
          "owner_organization",
          { ar: "الجهة المسؤولة", fr: "Organisme responsable", en: "Owner" },
          {
            ar: "الهيئة المسؤولة عن الإجراء:",
            fr: "L'organisme qui en répond :",
            en: "The organisation answerable for it:",
          },
        ),
        dateColumn(
          "due_on",
          { ar: "الأجل", fr: "Échéance", en: "Due on" },
          { ar: "آخر أجل.", fr: "Date limite.", en: "Deadline." },
          true,
        ),
        column(
          "status",
          enumOf(actionStatuses, "meetings.actionStatus"),
          { ar: "الحالة", fr: "Statut", en: "Status" },
          {
            ar: "حالة الإجراء (مفتوح إن تُرك فارغا).",
            fr: "Statut (ouverte si vide).",
            en: "Status (open when empty).",
          },
        ),
        dateColumn(
          "done_on",
          { ar: "تاريخ الإنجاز", fr: "Date de réalisation", en: "Done on" },
          { ar: "تاريخ إنجازه.", fr: "Date de réalisation.", en: "Date it was done." },
        ),
        idColumn,
      ],
    },
  ];
}
