import type { Theme } from "../src/agreements/agreements.input.js";
import type { AgreementKind, OrganizationKind } from "../src/db/schema/index.js";

/** [fr, ar, en] */
export type Phrase = readonly [string, string, string];

/** The word the text-search targets look for: it appears in the titles of about 1% of agreements only. */
export const RARE_WORD = "safran";
export const RARE_SUBJECT: Phrase = ["la filière du safran", "سلسلة الزعفران", "the saffron value chain"];
export const RARE_SUBJECT_SHARE = 0.01;

export const kindTitles: Record<AgreementKind, Phrase> = {
  partnership: ["Convention de partenariat", "اتفاقية شراكة", "Partnership agreement"],
  cooperation: ["Convention de coopération", "اتفاقية تعاون", "Cooperation agreement"],
  framework: ["Accord-cadre", "اتفاق إطار", "Framework agreement"],
  specific: ["Convention spécifique", "اتفاقية خاصة", "Specific agreement"],
  mou: ["Mémorandum d'entente", "مذكرة تفاهم", "Memorandum of understanding"],
};

/** Title subjects, each with the themes it usually carries. */
export const subjects: { text: Phrase; themes: Theme[] }[] = [
  {
    text: ["la gouvernance territoriale", "الحكامة الترابية", "territorial governance"],
    themes: ["governance"],
  },
  {
    text: ["l'appui à la décentralisation", "دعم اللامركزية", "support for decentralisation"],
    themes: ["decentralization", "governance"],
  },
  {
    text: [
      "la recherche appliquée sur le développement local",
      "البحث التطبيقي في التنمية المحلية",
      "applied research on local development",
    ],
    themes: ["research"],
  },
  {
    text: [
      "la formation des élus et des cadres",
      "تكوين المنتخبين والأطر",
      "training of elected officials and staff",
    ],
    themes: ["training", "governance"],
  },
  {
    text: ["l'action sociale de proximité", "العمل الاجتماعي للقرب", "local social action"],
    themes: ["social"],
  },
  {
    text: ["la lutte contre l'abandon scolaire", "محاربة الهدر المدرسي", "preventing school dropout"],
    themes: ["education", "social"],
  },
  {
    text: ["l'insertion professionnelle des jeunes", "الإدماج المهني للشباب", "youth employment"],
    themes: ["employment"],
  },
  {
    text: ["l'aménagement du territoire", "إعداد التراب", "spatial planning"],
    themes: ["territorial-planning"],
  },
  {
    text: ["la coopération décentralisée", "التعاون اللامركزي", "decentralised cooperation"],
    themes: ["international-cooperation", "decentralization"],
  },
  {
    text: [
      "la numérisation des services administratifs",
      "رقمنة الخدمات الإدارية",
      "digitisation of administrative services",
    ],
    themes: ["governance"],
  },
  {
    text: ["la gestion des ressources en eau", "تدبير الموارد المائية", "water resource management"],
    themes: ["territorial-planning"],
  },
  {
    text: ["le transport scolaire en milieu rural", "النقل المدرسي بالوسط القروي", "rural school transport"],
    themes: ["education", "social"],
  },
  { text: ["la santé de proximité", "الصحة عن قرب", "community health"], themes: ["social"] },
  {
    text: ["l'entrepreneuriat féminin", "المقاولة النسائية", "women's entrepreneurship"],
    themes: ["employment"],
  },
  {
    text: [
      "l'économie sociale et solidaire",
      "الاقتصاد الاجتماعي والتضامني",
      "social and solidarity economy",
    ],
    themes: ["employment", "social"],
  },
  {
    text: ["la préservation du patrimoine", "صون التراث", "heritage preservation"],
    themes: ["territorial-planning"],
  },
  {
    text: [
      "l'observatoire territorial des données",
      "المرصد الترابي للمعطيات",
      "territorial data observatory",
    ],
    themes: ["research", "governance"],
  },
  {
    text: ["la mobilité des étudiants", "تنقل الطلبة", "student mobility"],
    themes: ["education", "international-cooperation"],
  },
  {
    text: [
      "l'efficacité énergétique des bâtiments publics",
      "النجاعة الطاقية للبنايات العمومية",
      "energy efficiency of public buildings",
    ],
    themes: ["territorial-planning"],
  },
  {
    text: ["la gestion des déchets ménagers", "تدبير النفايات المنزلية", "household waste management"],
    themes: ["territorial-planning", "social"],
  },
  {
    text: ["le développement des zones de montagne", "تنمية المناطق الجبلية", "mountain area development"],
    themes: ["territorial-planning", "social"],
  },
  {
    text: [
      "la planification stratégique provinciale",
      "التخطيط الاستراتيجي الإقليمي",
      "provincial strategic planning",
    ],
    themes: ["governance", "territorial-planning"],
  },
  {
    text: [
      "le renforcement des capacités administratives",
      "تقوية القدرات الإدارية",
      "administrative capacity building",
    ],
    themes: ["training"],
  },
];

export const objectiveVerbs: Phrase[] = [
  ["Renforcer", "تعزيز", "Strengthen"],
  ["Développer", "تطوير", "Develop"],
  ["Accompagner", "مواكبة", "Support"],
  ["Mettre en place", "إرساء", "Set up"],
  ["Évaluer", "تقييم", "Evaluate"],
  ["Promouvoir", "إنعاش", "Promote"],
  ["Coordonner", "تنسيق", "Coordinate"],
  ["Financer", "تمويل", "Fund"],
];

export const objectiveObjects: Phrase[] = [
  ["les compétences des agents territoriaux", "كفاءات الموظفين الترابيين", "the skills of territorial staff"],
  ["un système d'information partagé", "نظام معلوماتي مشترك", "a shared information system"],
  ["les projets portés par les jeunes", "المشاريع التي يحملها الشباب", "projects led by young people"],
  ["l'accès aux services de base", "الولوج إلى الخدمات الأساسية", "access to basic services"],
  ["un programme de bourses", "برنامج للمنح", "a scholarship programme"],
  ["les coopératives locales", "التعاونيات المحلية", "local cooperatives"],
  [
    "le suivi des indicateurs de développement",
    "تتبع مؤشرات التنمية",
    "the monitoring of development indicators",
  ],
  ["des ateliers de concertation", "ورشات للتشاور", "consultation workshops"],
  ["la maintenance des équipements publics", "صيانة المرافق العمومية", "the upkeep of public facilities"],
  ["un guide méthodologique", "دليل منهجي", "a methodological guide"],
  ["les échanges d'expériences", "تبادل التجارب", "exchanges of experience"],
  ["la participation citoyenne", "المشاركة المواطنة", "citizen participation"],
  ["les études de faisabilité", "دراسات الجدوى", "feasibility studies"],
  ["un dispositif d'évaluation annuel", "آلية للتقييم السنوي", "an annual evaluation mechanism"],
  ["la communication auprès du public", "التواصل مع العموم", "public communication"],
  ["les infrastructures numériques", "البنيات التحتية الرقمية", "digital infrastructure"],
];

/** Real-looking international and national names, used once each. */
export const internationalOrganizations: { name: Phrase; acronym: string }[] = [
  {
    name: ["Programme des Nations unies pour le développement", "برنامج الأمم المتحدة الإنمائي", "UNDP"],
    acronym: "PNUD",
  },
  {
    name: ["Fonds des Nations unies pour l'enfance", "منظمة الأمم المتحدة للطفولة", "UNICEF"],
    acronym: "UNICEF",
  },
  { name: ["Banque mondiale", "البنك الدولي", "World Bank"], acronym: "BM" },
  {
    name: ["Agence française de développement", "الوكالة الفرنسية للتنمية", "French Development Agency"],
    acronym: "AFD",
  },
  {
    name: [
      "Coopération allemande au développement",
      "التعاون الألماني للتنمية",
      "German Development Cooperation",
    ],
    acronym: "GIZ",
  },
  {
    name: ["Agence japonaise de coopération internationale", "الوكالة اليابانية للتعاون الدولي", "JICA"],
    acronym: "JICA",
  },
  { name: ["Union européenne", "الاتحاد الأوروبي", "European Union"], acronym: "UE" },
  {
    name: ["Banque africaine de développement", "البنك الإفريقي للتنمية", "African Development Bank"],
    acronym: "BAD",
  },
  { name: ["Organisation internationale du travail", "منظمة العمل الدولية", "ILO"], acronym: "OIT" },
  { name: ["UNESCO", "اليونسكو", "UNESCO"], acronym: "UNESCO" },
  { name: ["Organisation mondiale de la santé", "منظمة الصحة العالمية", "WHO"], acronym: "OMS" },
  { name: ["ONU-Habitat", "موئل الأمم المتحدة", "UN-Habitat"], acronym: "ONU-Habitat" },
  { name: ["Conseil de l'Europe", "مجلس أوروبا", "Council of Europe"], acronym: "CoE" },
  {
    name: ["Cités et gouvernements locaux unis", "منظمة المدن والحكومات المحلية المتحدة", "UCLG"],
    acronym: "CGLU",
  },
  {
    name: ["Agence espagnole de coopération internationale", "الوكالة الإسبانية للتعاون الدولي", "AECID"],
    acronym: "AECID",
  },
  { name: ["Agence belge de développement", "الوكالة البلجيكية للتنمية", "Enabel"], acronym: "Enabel" },
  { name: ["Agence coréenne de coopération", "الوكالة الكورية للتعاون الدولي", "KOICA"], acronym: "KOICA" },
  { name: ["Coopération suisse", "التعاون السويسري", "Swiss Cooperation"], acronym: "DDC" },
];

export const ministryDomains: Phrase[] = [
  ["l'Intérieur", "الداخلية", "the Interior"],
  ["l'Éducation nationale", "التربية الوطنية", "National Education"],
  ["la Santé", "الصحة", "Health"],
  ["l'Équipement et de l'Eau", "التجهيز والماء", "Equipment and Water"],
  ["l'Agriculture", "الفلاحة", "Agriculture"],
  ["l'Aménagement du territoire", "إعداد التراب الوطني", "Spatial Planning"],
  ["l'Économie et des Finances", "الاقتصاد والمالية", "Economy and Finance"],
  ["la Jeunesse", "الشباب", "Youth"],
  ["la Transition numérique", "الانتقال الرقمي", "Digital Transition"],
  ["l'Industrie", "الصناعة", "Industry"],
  ["le Tourisme", "السياحة", "Tourism"],
  ["la Solidarité", "التضامن", "Solidarity"],
  ["l'Enseignement supérieur", "التعليم العالي", "Higher Education"],
  ["l'Emploi", "التشغيل", "Employment"],
  ["la Culture", "الثقافة", "Culture"],
];

/** Organisation templates per kind; `{p}` is a place name in the phrase's language. */
export const organizationTemplates: Record<Exclude<OrganizationKind, "ministry">, Phrase[]> = {
  public_institution: [
    ["Agence urbaine de {p}", "الوكالة الحضرية ل{p}", "Urban Agency of {p}"],
    [
      "Centre régional d'investissement de {p}",
      "المركز الجهوي للاستثمار ل{p}",
      "Regional Investment Centre of {p}",
    ],
    ["Agence d'exécution des projets de {p}", "وكالة تنفيذ المشاريع ب{p}", "Project Execution Agency of {p}"],
  ],
  territorial_collectivity: [
    ["Conseil de la collectivité de {p}", "مجلس جماعة {p}", "Council of {p}"],
    ["Commune de {p}", "جماعة {p}", "Municipality of {p}"],
  ],
  university: [
    ["Université de {p}", "جامعة {p}", "University of {p}"],
    ["École nationale des sciences appliquées de {p}", "المدرسة الوطنية للعلوم التطبيقية ب{p}", "ENSA {p}"],
    ["Faculté pluridisciplinaire de {p}", "الكلية متعددة التخصصات ب{p}", "Multidisciplinary Faculty of {p}"],
  ],
  association: [
    ["Association pour le développement de {p}", "جمعية تنمية {p}", "Association for the Development of {p}"],
    ["Association des jeunes de {p}", "جمعية شباب {p}", "Youth Association of {p}"],
    ["Association des femmes artisanes de {p}", "جمعية النساء الحرفيات ب{p}", "Women Artisans of {p}"],
    ["Réseau associatif de {p}", "الشبكة الجمعوية ب{p}", "Civil Society Network of {p}"],
  ],
  foundation: [
    ["Fondation pour l'éducation à {p}", "مؤسسة التربية ب{p}", "Education Foundation of {p}"],
    ["Fondation solidarité {p}", "مؤسسة التضامن {p}", "Solidarity Foundation {p}"],
  ],
  international_organization: [],
  private_company: [
    ["Bureau d'études Atlas {p}", "مكتب الدراسات أطلس {p}", "Atlas Consulting {p}"],
    ["Société de services numériques {p}", "شركة الخدمات الرقمية {p}", "Digital Services {p}"],
    ["Travaux et aménagements {p}", "أشغال وتهيئة {p}", "Works and Development {p}"],
  ],
  other: [
    ["Chambre de commerce de {p}", "غرفة التجارة ب{p}", "Chamber of Commerce of {p}"],
    ["Chambre d'agriculture de {p}", "الغرفة الفلاحية ب{p}", "Chamber of Agriculture of {p}"],
  ],
};

/** How many of the organisations are of each kind (sums to 600; scaled for another total). */
export const organizationMix: Record<OrganizationKind, number> = {
  ministry: 15,
  public_institution: 60,
  territorial_collectivity: 140,
  university: 55,
  association: 160,
  foundation: 30,
  international_organization: 18,
  private_company: 90,
  other: 32,
};
