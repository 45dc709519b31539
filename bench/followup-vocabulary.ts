import type { ActivityKind, CommitteeRole, TargetGroup } from "../src/db/schema/index.js";
import type { Phrase } from "./vocabulary.js";

/** The words of the synthetic follow-up: activity titles, indicators, committees, decisions. */

/** How often each kind of activity occurs, and the budget range it usually has (MAD). */
export const activityKindMix: Record<ActivityKind, { weight: number; budget: [number, number] }> = {
  meeting: { weight: 22, budget: [5_000, 60_000] },
  training: { weight: 24, budget: [20_000, 400_000] },
  study: { weight: 10, budget: [150_000, 2_500_000] },
  research: { weight: 5, budget: [100_000, 1_500_000] },
  event: { weight: 12, budget: [50_000, 1_200_000] },
  programme: { weight: 8, budget: [500_000, 25_000_000] },
  social_intervention: { weight: 9, budget: [100_000, 6_000_000] },
  publication: { weight: 10, budget: [10_000, 250_000] },
};

/** Kinds whose participants are counted, and whose attendance of council presidents is recorded. */
export const kindsWithParticipants: ReadonlySet<ActivityKind> = new Set([
  "meeting",
  "training",
  "event",
  "social_intervention",
]);

export const activityTitles: Record<ActivityKind, Phrase[]> = {
  meeting: [
    ["Réunion de coordination", "اجتماع تنسيقي", "Coordination meeting"],
    ["Atelier de concertation", "ورشة تشاورية", "Consultation workshop"],
    ["Réunion technique", "اجتماع تقني", "Technical meeting"],
  ],
  training: [
    ["Session de formation", "دورة تكوينية", "Training session"],
    ["Cycle de formation continue", "دورة للتكوين المستمر", "Continuing training course"],
    ["Atelier de renforcement des capacités", "ورشة لتقوية القدرات", "Capacity-building workshop"],
  ],
  study: [
    ["Étude de diagnostic", "دراسة تشخيصية", "Diagnostic study"],
    ["Étude de faisabilité", "دراسة الجدوى", "Feasibility study"],
  ],
  research: [
    ["Programme de recherche appliquée", "برنامج للبحث التطبيقي", "Applied research programme"],
    ["Enquête de terrain", "بحث ميداني", "Field survey"],
  ],
  event: [
    ["Forum régional", "منتدى جهوي", "Regional forum"],
    ["Journée d'information", "يوم إعلامي", "Information day"],
    ["Caravane de sensibilisation", "قافلة تحسيسية", "Awareness caravan"],
  ],
  programme: [
    ["Programme d'équipement", "برنامج للتجهيز", "Equipment programme"],
    ["Programme d'appui aux projets", "برنامج لدعم المشاريع", "Project support programme"],
  ],
  social_intervention: [
    [
      "Accompagnement des jeunes NEET",
      "مواكبة الشباب غير المتمدرسين وغير العاملين",
      "Support for NEET youth",
    ],
    [
      "Prise en charge des enfants en situation précaire",
      "التكفل بالأطفال في وضعية هشة",
      "Care for children in precarious situations",
    ],
  ],
  publication: [
    ["Guide méthodologique", "دليل منهجي", "Methodological guide"],
    ["Rapport annuel", "تقرير سنوي", "Annual report"],
    ["Bulletin d'information", "نشرة إخبارية", "Newsletter"],
  ],
};

export const deliverableTexts: Phrase[] = [
  ["Rapport final et liste de présence", "التقرير النهائي ولائحة الحضور", "Final report and attendance list"],
  ["Compte rendu et supports de présentation", "محضر ووثائق العرض", "Minutes and presentation material"],
  ["Document validé par le comité", "وثيقة مصادق عليها من طرف اللجنة", "Document approved by the committee"],
];

export const targetGroupMix: Record<TargetGroup, number> = {
  neet_youth: 12,
  children_precarious: 8,
  council_presidents: 16,
  council_staff: 22,
  students: 10,
  researchers: 6,
  women: 10,
  elected_officials: 10,
  general_public: 6,
};

/** Indicators: a name, a unit, and whether the values add up period after period. */
export const indicatorTemplates: {
  name: Phrase;
  unit: Phrase;
  aggregation: "cumulative" | "latest";
  direction: "increase" | "decrease";
  /** the target's range */
  target: [number, number];
  /** decimals in values */
  scale: 0 | 1;
}[] = [
  {
    name: ["Personnes formées", "الأشخاص المكونون", "People trained"],
    unit: ["personnes", "أشخاص", "people"],
    aggregation: "cumulative",
    direction: "increase",
    target: [50, 2_000],
    scale: 0,
  },
  {
    name: ["Jeunes accompagnés", "الشباب المستفيدون من المواكبة", "Young people supported"],
    unit: ["jeunes", "شباب", "young people"],
    aggregation: "cumulative",
    direction: "increase",
    target: [100, 5_000],
    scale: 0,
  },
  {
    name: ["Projets financés", "المشاريع الممولة", "Projects funded"],
    unit: ["projets", "مشاريع", "projects"],
    aggregation: "cumulative",
    direction: "increase",
    target: [5, 120],
    scale: 0,
  },
  {
    name: ["Taux de réalisation des équipements", "نسبة إنجاز التجهيزات", "Equipment completion rate"],
    unit: ["%", "%", "%"],
    aggregation: "latest",
    direction: "increase",
    target: [60, 100],
    scale: 1,
  },
  {
    name: ["Taux d'abandon scolaire", "نسبة الهدر المدرسي", "School drop-out rate"],
    unit: ["%", "%", "%"],
    aggregation: "latest",
    direction: "decrease",
    target: [2, 10],
    scale: 1,
  },
  {
    name: ["Délai moyen de traitement", "متوسط أجل المعالجة", "Average processing time"],
    unit: ["jours", "أيام", "days"],
    aggregation: "latest",
    direction: "decrease",
    target: [3, 20],
    scale: 1,
  },
  {
    name: ["Communes couvertes", "الجماعات المشمولة", "Communes covered"],
    unit: ["communes", "جماعات", "communes"],
    aggregation: "latest",
    direction: "increase",
    target: [5, 60],
    scale: 0,
  },
];

export const valueSources = [
  "Rapport trimestriel du partenaire",
  "Registre des bénéficiaires",
  "Procès-verbal de réception",
  "Système d'information de la province",
];

export const valueComments = [
  "Chiffre consolidé à partir des listes de présence.",
  "En attente des données d'une commune.",
  "Retard dû au calendrier des marchés publics.",
];

export const returnReasons = [
  "La pièce justificative ne correspond pas à la période.",
  "Valeur incohérente avec la période précédente.",
];

export const firstNames = [
  "Mohammed",
  "Fatima",
  "Ahmed",
  "Khadija",
  "Youssef",
  "Amina",
  "Omar",
  "Naima",
  "Rachid",
  "Salma",
  "Hassan",
  "Zineb",
  "Abdellah",
  "Meryem",
  "Karim",
  "Hanane",
];
export const lastNames = [
  "El Amrani",
  "Benali",
  "Alaoui",
  "Tazi",
  "Bennani",
  "El Idrissi",
  "Ouazzani",
  "Chraibi",
  "Berrada",
  "Lahlou",
  "Fassi Fihri",
  "Ait Lahcen",
  "Bouzid",
  "Naciri",
];

export const committeeRoleMix: Record<CommitteeRole, number> = {
  chair: 0,
  secretary: 0,
  member: 85,
  observer: 15,
};

export const meetingTitles: Phrase[] = [
  ["Réunion du comité de pilotage", "اجتماع لجنة القيادة", "Steering committee meeting"],
  [
    "Session ordinaire du comité de suivi",
    "الدورة العادية للجنة التتبع",
    "Ordinary session of the monitoring committee",
  ],
  ["Réunion extraordinaire du comité", "اجتماع استثنائي للجنة", "Extraordinary committee meeting"],
];

export const meetingAgendas: Phrase[] = [
  [
    "Bilan d'étape, état des indicateurs, programmation du semestre",
    "حصيلة مرحلية، وضعية المؤشرات، برمجة الأسدس",
    "Progress review, indicators, plan for the half-year",
  ],
  [
    "Validation du plan d'action annuel et du budget",
    "المصادقة على مخطط العمل السنوي والميزانية",
    "Approval of the annual action plan and budget",
  ],
];

export const meetingPlaces = ["Siège de l'association, Rabat", "Siège de la province", "Visioconférence"];

export const decisionTexts: Phrase[] = [
  ["Valider le rapport d'étape", "المصادقة على التقرير المرحلي", "Approve the progress report"],
  ["Reprogrammer les activités en retard", "إعادة برمجة الأنشطة المتأخرة", "Reschedule the late activities"],
  ["Lancer l'appel d'offres", "إطلاق طلب العروض", "Launch the call for tenders"],
  [
    "Élargir le programme à deux provinces",
    "توسيع البرنامج ليشمل إقليمين",
    "Extend the programme to two provinces",
  ],
  ["Mettre à jour les indicateurs", "تحيين المؤشرات", "Update the indicators"],
];

export const actionTexts: Phrase[] = [
  ["Transmettre les listes des bénéficiaires", "إرسال لوائح المستفيدين", "Send the lists of beneficiaries"],
  ["Préparer le cahier des charges", "إعداد دفتر التحملات", "Prepare the terms of reference"],
  ["Organiser une visite de terrain", "تنظيم زيارة ميدانية", "Organise a field visit"],
  ["Actualiser le calendrier des activités", "تحيين الجدول الزمني للأنشطة", "Update the activity schedule"],
  ["Fournir les pièces justificatives", "تقديم الوثائق المثبتة", "Provide the supporting documents"],
];
