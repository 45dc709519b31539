import { themes } from "../agreements/agreements.input.js";
import {
  agreementKinds,
  agreementStatuses,
  contributionNatures,
  organizationKinds,
  partyRoles,
  renewalModes,
  visibilities,
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

/** The registry itself: organisations, agreements and the parts entered with an agreement. */
export function registrySheets(): SheetLayout[] {
  return [
    {
      key: "organizations",
      audience: "public",
      label: { ar: "الهيئات", fr: "Organismes", en: "Organisations" },
      meaning: {
        ar: "الهيئات الشريكة: سطر لكل هيئة.",
        fr: "Les organismes partenaires : une ligne par organisme.",
        en: "Partner organisations: one row each.",
      },
      naturalKey: ["name_ar", "name_fr", "name_en", "acronym"],
      columns: [
        ...localized(
          "name",
          300,
          { ar: "الاسم", fr: "Nom", en: "Name" },
          { ar: "اسم الهيئة", fr: "Nom de l'organisme", en: "The organisation's name" },
          { required: true },
        ),
        column(
          "acronym",
          { kind: "text", max: 30 },
          { ar: "المختصر", fr: "Sigle", en: "Acronym" },
          {
            ar: "المختصر، تشير به الأوراق الأخرى إلى الهيئة.",
            fr: "Sigle, par lequel les autres feuilles peuvent désigner l'organisme.",
            en: "Acronym, by which other sheets may name the organisation.",
          },
        ),
        column(
          "kind",
          enumOf(organizationKinds, "orgKind"),
          { ar: "النوع", fr: "Type", en: "Kind" },
          { ar: "نوع الهيئة.", fr: "Type d'organisme.", en: "Kind of organisation." },
          { required: true },
        ),
        column(
          "website",
          { kind: "text", max: 500 },
          { ar: "الموقع الإلكتروني", fr: "Site web", en: "Website" },
          {
            ar: "عنوان الموقع (https://…).",
            fr: "Adresse du site (https://…).",
            en: "Website address (https://…).",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "contacts",
      audience: "contacts",
      label: { ar: "جهات الاتصال", fr: "Contacts", en: "Contacts" },
      meaning: {
        ar: "الأشخاص المخاطَبون في كل هيئة (معطيات شخصية: لا تُنشر).",
        fr: "Les personnes à contacter dans chaque organisme (données personnelles : jamais publiées).",
        en: "The people to contact in each organisation (personal data: never published).",
      },
      naturalKey: ["organization", "full_name"],
      columns: [
        organizationColumn(
          "organization",
          { ar: "الهيئة", fr: "Organisme", en: "Organisation" },
          {
            ar: "الهيئة التي ينتمي إليها الشخص:",
            fr: "L'organisme de la personne :",
            en: "The person's organisation:",
          },
        ),
        column(
          "full_name",
          { kind: "text", max: 200 },
          { ar: "الاسم الكامل", fr: "Nom complet", en: "Full name" },
          { ar: "الاسم الكامل للشخص.", fr: "Nom complet de la personne.", en: "The person's full name." },
          { required: true },
        ),
        column(
          "role",
          { kind: "text", max: 200 },
          { ar: "الصفة", fr: "Fonction", en: "Role" },
          {
            ar: "صفته في الهيئة.",
            fr: "Sa fonction dans l'organisme.",
            en: "Their role in the organisation.",
          },
        ),
        column(
          "email",
          { kind: "text", max: 320 },
          { ar: "البريد الإلكتروني", fr: "Courriel", en: "Email" },
          { ar: "عنوان البريد الإلكتروني.", fr: "Adresse électronique.", en: "Email address." },
        ),
        column(
          "phone",
          { kind: "text", max: 30 },
          { ar: "الهاتف", fr: "Téléphone", en: "Phone" },
          {
            ar: "رقم الهاتف (أرقام ومسافات و + ( ) . -).",
            fr: "Numéro de téléphone (chiffres, espaces et + ( ) . -).",
            en: "Phone number (digits, spaces and + ( ) . -).",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "agreements",
      audience: "public",
      label: { ar: "الاتفاقيات", fr: "Conventions", en: "Agreements" },
      meaning: {
        ar: "الاتفاقيات: سطر لكل اتفاقية، يعرّفها مرجعها.",
        fr: "Les conventions : une ligne par convention, désignée par sa référence.",
        en: "Agreements: one row each, known by its reference.",
      },
      naturalKey: ["reference"],
      columns: [
        column(
          "reference",
          { kind: "text", max: 60 },
          { ar: "المرجع", fr: "Référence", en: "Reference" },
          {
            ar: "مرجع فريد (حروف وأرقام ومسافات و . _ / -)، تشير به الأوراق الأخرى إلى الاتفاقية.",
            fr: "Référence unique (lettres, chiffres, espaces et . _ / -), par laquelle les autres feuilles désignent la convention.",
            en: "Unique reference (letters, digits, spaces and . _ / -), by which the other sheets name the agreement.",
          },
          { required: true },
        ),
        column(
          "kind",
          enumOf(agreementKinds, "kind"),
          { ar: "النوع", fr: "Type", en: "Kind" },
          { ar: "نوع الاتفاقية.", fr: "Type de convention.", en: "Kind of agreement." },
          { required: true },
        ),
        ...localized(
          "title",
          500,
          { ar: "العنوان", fr: "Intitulé", en: "Title" },
          { ar: "عنوان الاتفاقية", fr: "Intitulé de la convention", en: "The agreement's title" },
          { required: true },
        ),
        ...localized(
          "summary",
          8000,
          { ar: "الملخص", fr: "Résumé", en: "Summary" },
          { ar: "ملخص الاتفاقية", fr: "Résumé de la convention", en: "The agreement's summary" },
        ),
        column(
          "status",
          enumOf(agreementStatuses, "status"),
          { ar: "الحالة", fr: "Statut", en: "Status" },
          {
            ar: "مرحلة الاتفاقية (مسودة إن تُرك فارغا).",
            fr: "Étape de la convention (brouillon si vide).",
            en: "The agreement's stage (draft when empty).",
          },
        ),
        column(
          "visibility",
          enumOf(visibilities, "visibility"),
          { ar: "النشر", fr: "Visibilité", en: "Visibility" },
          {
            ar: "عمومية (على البوابة) أو داخلية (داخلية إن تُرك فارغا).",
            fr: "Publique (sur le portail) ou interne (interne si vide).",
            en: "Public (on the portal) or internal (internal when empty).",
          },
        ),
        column(
          "themes",
          enumOf(themes, "theme"),
          { ar: "المحاور", fr: "Thèmes", en: "Themes" },
          {
            ar: "محاور الاتفاقية، تفصل بينها ;",
            fr: "Thèmes de la convention, séparés par ;",
            en: "The agreement's themes, separated by ;",
          },
          { list: true },
        ),
        column(
          "national",
          { kind: "boolean" },
          { ar: "وطنية", fr: "Nationale", en: "National" },
          {
            ar: "yes: تشمل كل التراب الوطني؛ no: المجالات الترابية في ورقة agreement_territories فقط.",
            fr: "yes : couvre tout le territoire ; no : seulement les territoires de la feuille agreement_territories.",
            en: "yes: reaches every territory; no: only those of sheet agreement_territories.",
          },
        ),
        dateColumn(
          "signed_on",
          { ar: "تاريخ التوقيع", fr: "Date de signature", en: "Signed on" },
          { ar: "تاريخ التوقيع.", fr: "Date de signature.", en: "Date of signature." },
        ),
        dateColumn(
          "effective_on",
          { ar: "تاريخ السريان", fr: "Entrée en vigueur", en: "Effective on" },
          { ar: "تاريخ دخولها حيز التنفيذ.", fr: "Date d'entrée en vigueur.", en: "Date it takes effect." },
        ),
        dateColumn(
          "expires_on",
          { ar: "تاريخ الانتهاء", fr: "Date d'expiration", en: "Expires on" },
          { ar: "تاريخ انتهائها.", fr: "Date d'expiration.", en: "Date it expires." },
        ),
        column(
          "duration_months",
          { kind: "integer", min: 1 },
          { ar: "المدة بالأشهر", fr: "Durée (mois)", en: "Duration (months)" },
          { ar: "مدة الاتفاقية بالأشهر.", fr: "Durée en mois.", en: "Duration in months." },
        ),
        column(
          "renewal",
          enumOf(renewalModes, "renewal"),
          { ar: "التجديد", fr: "Renouvellement", en: "Renewal" },
          {
            ar: "طريقة التجديد (بدون تجديد إن تُرك فارغا).",
            fr: "Mode de renouvellement (aucun si vide).",
            en: "How it is renewed (none when empty).",
          },
        ),
        column(
          "renewal_notice_days",
          { kind: "integer", min: 0 },
          { ar: "مهلة الإشعار (أيام)", fr: "Préavis (jours)", en: "Notice (days)" },
          {
            ar: "عدد أيام الإشعار قبل التجديد أو عدمه.",
            fr: "Préavis en jours avant le renouvellement.",
            en: "Notice in days before renewal.",
          },
        ),
        column(
          "parent_agreement",
          ref({ kind: "agreement" }),
          { ar: "الاتفاقية الأم", fr: "Convention cadre", en: "Parent agreement" },
          {
            ar: "مرجع الاتفاقية الإطار التي تنفذها هذه الاتفاقية.",
            fr: "Référence de la convention cadre que celle-ci met en œuvre.",
            en: "Reference of the framework agreement this one implements.",
          },
        ),
        idColumn,
      ],
    },
    {
      key: "parties",
      audience: "public",
      label: { ar: "الأطراف", fr: "Parties", en: "Parties" },
      meaning: {
        ar: "أطراف كل اتفاقية ودور كل طرف، بترتيب الأسطر.",
        fr: "Les parties de chaque convention et leur rôle, dans l'ordre des lignes.",
        en: "Each agreement's parties and their role, in the order of the rows.",
      },
      naturalKey: ["agreement", "organization", "role"],
      columns: [
        agreementColumn,
        organizationColumn(
          "organization",
          { ar: "الهيئة", fr: "Organisme", en: "Organisation" },
          { ar: "الهيئة الطرف:", fr: "L'organisme partie :", en: "The party:" },
        ),
        column(
          "role",
          enumOf(partyRoles, "role"),
          { ar: "الدور", fr: "Rôle", en: "Role" },
          { ar: "دور الطرف.", fr: "Rôle de la partie.", en: "The party's role." },
          { required: true },
        ),
      ],
    },
    {
      key: "agreement_territories",
      audience: "public",
      label: { ar: "مجالات الاتفاقيات", fr: "Territoires des conventions", en: "Agreement territories" },
      meaning: {
        ar: "المجالات الترابية التي تشملها اتفاقية غير وطنية: سطر لكل مجال.",
        fr: "Les territoires couverts par une convention non nationale : une ligne par territoire.",
        en: "The territories a non-national agreement reaches: one row each.",
      },
      naturalKey: ["agreement", "territory"],
      columns: [
        agreementColumn,
        column(
          "territory",
          ref({ kind: "territory" }),
          { ar: "المجال الترابي", fr: "Territoire", en: "Territory" },
          {
            ar: "رمز المندوبية السامية للتخطيط (04.441) أو اسم الجهة أو العمالة أو الإقليم بأي لغة.",
            fr: "Code HCP (04.441) ou nom de la région, préfecture ou province dans une langue.",
            en: "HCP code (04.441) or the region's, prefecture's or province's name in any language.",
          },
          { required: true },
        ),
      ],
    },
    {
      key: "objectives",
      audience: "public",
      label: { ar: "الأهداف", fr: "Objectifs", en: "Objectives" },
      meaning: {
        ar: "أهداف كل اتفاقية.",
        fr: "Les objectifs de chaque convention.",
        en: "Each agreement's objectives.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "الهدف", fr: "de l'objectif", en: "the objective" }),
        ...localized(
          "text",
          4000,
          { ar: "الهدف", fr: "Objectif", en: "Objective" },
          { ar: "نص الهدف", fr: "Texte de l'objectif", en: "The objective's text" },
          { required: true },
        ),
        idColumn,
      ],
    },
    {
      key: "commitments",
      audience: "public",
      label: { ar: "الالتزامات", fr: "Engagements", en: "Commitments" },
      meaning: {
        ar: "التزامات كل طرف في كل اتفاقية.",
        fr: "Les engagements de chaque partie dans chaque convention.",
        en: "Each party's commitments in each agreement.",
      },
      naturalKey: ["agreement", "number"],
      columns: [
        agreementColumn,
        numberColumn({ ar: "الالتزام", fr: "de l'engagement", en: "the commitment" }),
        organizationColumn(
          "organization",
          { ar: "الطرف الملتزم", fr: "Partie engagée", en: "Committed party" },
          {
            ar: "الطرف الذي التزم (من أطراف الاتفاقية):",
            fr: "La partie qui s'engage (une des parties de la convention) :",
            en: "The party that commits (one of the agreement's parties):",
          },
        ),
        ...localized(
          "text",
          4000,
          { ar: "الالتزام", fr: "Engagement", en: "Commitment" },
          { ar: "نص الالتزام", fr: "Texte de l'engagement", en: "The commitment's text" },
          { required: true },
        ),
        idColumn,
      ],
    },
    {
      key: "contributions",
      audience: "public",
      label: { ar: "المساهمات", fr: "Contributions", en: "Contributions" },
      meaning: {
        ar: "المساهمات المالية والعينية لكل طرف.",
        fr: "Les contributions financières et en nature de chaque partie.",
        en: "Each party's contributions, in cash or in kind.",
      },
      naturalKey: [],
      columns: [
        agreementColumn,
        organizationColumn(
          "organization",
          { ar: "الطرف المساهم", fr: "Contributeur", en: "Contributor" },
          { ar: "الطرف المساهم:", fr: "La partie qui contribue :", en: "The contributing party:" },
        ),
        column(
          "amount",
          { kind: "amount" },
          { ar: "المبلغ", fr: "Montant", en: "Amount" },
          {
            ar: "المبلغ (رقمان بعد الفاصلة على الأكثر، بدون فواصل الآلاف).",
            fr: "Montant (au plus deux décimales, sans séparateur de milliers).",
            en: "Amount (at most two decimals, no thousands separator).",
          },
          { required: true },
        ),
        column(
          "currency",
          { kind: "text", max: 3 },
          { ar: "العملة", fr: "Devise", en: "Currency" },
          {
            ar: "رمز العملة من ثلاثة أحرف (MAD إن تُرك فارغا).",
            fr: "Code de devise en trois lettres (MAD si vide).",
            en: "Three-letter currency code (MAD when empty).",
          },
        ),
        column(
          "nature",
          enumOf(contributionNatures, "nature"),
          { ar: "الطبيعة", fr: "Nature", en: "Nature" },
          { ar: "نقدية أو عينية.", fr: "En numéraire ou en nature.", en: "In cash or in kind." },
          { required: true },
        ),
        ...localized(
          "description",
          2000,
          { ar: "الوصف", fr: "Description", en: "Description" },
          { ar: "وصف المساهمة", fr: "Description de la contribution", en: "What the contribution is" },
        ),
        idColumn,
      ],
    },
    {
      key: "amendments",
      audience: "public",
      label: { ar: "الملاحق", fr: "Avenants", en: "Amendments" },
      meaning: {
        ar: "ملاحق كل اتفاقية.",
        fr: "Les avenants de chaque convention.",
        en: "Each agreement's amendments.",
      },
      naturalKey: [],
      columns: [
        agreementColumn,
        dateColumn(
          "signed_on",
          { ar: "تاريخ التوقيع", fr: "Date de signature", en: "Signed on" },
          {
            ar: "تاريخ توقيع الملحق.",
            fr: "Date de signature de l'avenant.",
            en: "Date the amendment was signed.",
          },
          true,
        ),
        ...localized(
          "summary",
          4000,
          { ar: "المضمون", fr: "Objet", en: "Summary" },
          { ar: "مضمون الملحق", fr: "Objet de l'avenant", en: "What the amendment changes" },
          { required: true },
        ),
        idColumn,
      ],
    },
  ];
}
