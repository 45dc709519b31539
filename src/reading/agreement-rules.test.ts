import { describe, expect, it } from "vitest";
import { readParties } from "./agreement-parties.js";
import {
  agreementKindOf,
  readAmendment,
  readCommitments,
  readObjectives,
  readTerritories,
  readTitle,
} from "./agreement-sections.js";
import {
  readAmounts,
  readDuration,
  readEntryIntoForce,
  readExpiry,
  readRenewal,
  readRenewalNotice,
  readSignature,
} from "./agreement-terms.js";
import { foldWithOrigin } from "./folded-text.js";
import { readingDocument } from "./reading-document.js";
import { findDates } from "./written-dates.js";
import { parseFigure, readNumberWords } from "./written-numbers.js";

// One table per rule: each case is a phrase as agreements write it, and what the rule must read.
const document = (text: string) => readingDocument([{ page: 1, text }]);
const words = (text: string) => foldWithOrigin(text).folded.split(/\s+/u);

describe("numbers in figures", () => {
  it.each([
    ["1 500 000,00", 1_500_000, "French: spaces group thousands, comma is the decimal point"],
    ["1.500.000,00", 1_500_000, "French with dots for thousands"],
    ["1,500,000.00", 1_500_000, "English"],
    ["250.000", 250_000, "a lone dot followed by three digits groups thousands"],
    ["2,5", 2.5, "a lone comma followed by one digit is a decimal point"],
    ["75000", 75_000, "no separator"],
  ])("%s → %d (%s)", (written, value) => {
    expect(parseFigure(written)).toBe(value);
  });
});

describe("numbers in words", () => {
  it.each([
    ["trois", 3, "French unit"],
    ["vingt et un", 21, "French 'et' joins"],
    ["soixante-dix", 70, "French 70 is 60 + 10"],
    ["quatre-vingt-dix", 90, "French 90 is 4 × 20 + 10"],
    ["un million cinq cent mille", 1_500_000, "French scales"],
    ["deux mille vingt-six", 2026, "a French year in words"],
    ["two hundred and fifty thousand", 250_000, "English with 'and'"],
    ["sixty", 60, "English tens"],
    ["ثلاث", 3, "Arabic feminine form"],
    ["ثلاثة آلاف", 3000, "Arabic plural thousands"],
    ["خمسة عشر", 15, "Arabic teens are unit + ten"],
    ["مليون وخمسمائة ألف", 1_500_000, "Arabic attached 'و' and a compound hundred"],
    ["ألفين وستة وعشرين", 2026, "an Arabic year in words, dual thousands"],
  ])("%s → %d (%s)", (written, value) => {
    expect(readNumberWords(words(written))?.value).toBe(value);
  });
});

describe("dates", () => {
  it.each([
    ["Fait à Rabat, le 15 janvier 2026", "2026-01-15", "French, figures"],
    ["le 1er mars 2026", "2026-03-01", "French first of the month"],
    ["le quinze janvier deux mille vingt-six", "2026-01-15", "French, all in words"],
    ["le vingt et un juin deux mille vingt-cinq", "2025-06-21", "French day with 'et'"],
    ["le 3 août 2025", "2025-08-03", "French month with an accent"],
    ["January 15, 2026", "2026-01-15", "English, month first"],
    ["the 15th of January 2026", "2026-01-15", "English ordinal with 'of'"],
    ["15 يناير 2026", "2026-01-15", "Arabic, Moroccan month name"],
    ["١٥ يناير ٢٠٢٦", "2026-01-15", "Arabic-Indic digits"],
    ["فاتح يوليوز 2025", "2025-07-01", "Moroccan 'first' and July"],
    ["12 غشت 2024", "2024-08-12", "Moroccan August"],
    ["3 شتنبر 2025", "2025-09-03", "Moroccan September"],
    ["5 نونبر 2025", "2025-11-05", "Moroccan November"],
    ["20 دجنبر 2024", "2024-12-20", "Moroccan December"],
    ["5 كانون الثاني 2026", "2026-01-05", "Levantine two-word month"],
    ["10 أيلول 2025", "2025-09-10", "Levantine September"],
    ["7 جانفي 2026", "2026-01-07", "Maghreb January"],
    ["في 15 من مارس 2026", "2026-03-15", "Arabic 'of' between day and month"],
    ["03/07/2025", "2025-07-03", "day first, as Morocco writes it"],
    ["2025-03-10", "2025-03-10", "ISO"],
    ["٢٠٢٥/٠٣/١٠", "2025-03-10", "year first in Arabic-Indic digits"],
  ])("%s → %s (%s)", (written, iso) => {
    expect(findDates(foldWithOrigin(written)).map((date) => date.value)).toEqual([iso]);
  });

  it.each([
    ["31/02/2026", "no such day"],
    ["le 15 janvier", "no year"],
    ["article 15 mai", "no year: not a date"],
  ])("%s is not a date (%s)", (written) => {
    expect(findDates(foldWithOrigin(written))).toEqual([]);
  });

  it("reads a Hijri date as written, beside the Gregorian one", () => {
    const dates = findDates(foldWithOrigin("حرر بالرباط في 12 رجب 1447 هـ الموافق لـ 2 يناير 2026"));
    expect(dates.map(({ calendar, value }) => [calendar, value])).toEqual([
      ["hijri", "12 رجب 1447 هـ"],
      ["gregorian", "2026-01-02"],
    ]);
  });
});

describe("duration", () => {
  it.each([
    ["La présente convention est conclue pour une durée de trois (3) ans.", 36, "French, words and figure"],
    ["La présente convention est conclue pour une durée d'un an.", 12, "French elision"],
    ["Elle est valable pour une période de dix-huit (18) mois.", 18, "French months"],
    ["This Agreement is concluded for a period of two years.", 24, "English"],
    ["The term of this Memorandum shall be thirty-six (36) months.", 36, "English term in months"],
    ["تبرم هذه الاتفاقية لمدة ثلاث سنوات.", 36, "Arabic plural years"],
    ["تسري هذه الاتفاقية لمدة سنتين.", 24, "Arabic dual"],
    ["مدة هذه الاتفاقية سنة واحدة.", 12, "Arabic one year"],
    ["تبرم هذه الاتفاقية لمدة ١٨ شهرا.", 18, "Arabic-Indic digits, months"],
  ])("%s → %d months (%s)", (text, months) => {
    expect(readDuration(document(text))?.value).toBe(months);
  });

  it("does not take a notice or a renewal period for the duration", () => {
    const reading = readDuration(
      document(
        "Elle est renouvelable par tacite reconduction pour une période d'un an, sauf préavis de trois mois.\nLa convention est conclue pour une durée de cinq (5) ans.",
      ),
    );
    expect(reading?.value).toBe(60);
  });
});

describe("renewal and notice", () => {
  it.each([
    ["Elle est renouvelable par tacite reconduction.", "tacit", "French"],
    ["Elle sera reconduite tacitement d'année en année.", "tacit", "French, verb form"],
    ["This Agreement shall be automatically renewed for successive periods of one year.", "tacit", "English"],
    ["تجدد هذه الاتفاقية تلقائيا لنفس المدة.", "tacit", "Arabic"],
    ["Elle peut être prorogée par avenant signé des deux parties.", "amendment", "French, by avenant"],
    ["It may be extended by written amendment signed by both Parties.", "amendment", "English, by amendment"],
    ["يمكن تجديد هذه الاتفاقية بموجب ملحق يوقعه الطرفان.", "amendment", "Arabic, by annex"],
    [
      "La présente convention n'est pas renouvelable; elle est non renouvelable.",
      "none",
      "French, not renewable",
    ],
    ["هذه الاتفاقية غير قابلة للتجديد.", "none", "Arabic, not renewable"],
  ])("%s → %s (%s)", (text, mode) => {
    expect(readRenewal(document(text))?.value).toBe(mode);
  });

  it("says nothing when the text says nothing of renewal", () => {
    expect(readRenewal(document("Toute modification fait l'objet d'un avenant."))).toBeUndefined();
  });

  it.each([
    [
      "sauf dénonciation par l'une des parties moyennant un préavis de trois mois avant son terme.",
      90,
      "French",
    ],
    [
      "unless either Party gives written notice of at least sixty (60) days before renewal.",
      60,
      "English, figure in brackets",
    ],
    ["ما لم يخطر أحد الطرفين الآخر بعدم رغبته في التجديد بإشعار مسبق مدته ثلاثة أشهر.", 90, "Arabic"],
    ["avec un délai de deux mois de préavis avant le renouvellement.", 60, "French, length before the word"],
    ["giving thirty (30) days' notice of non-renewal.", 30, "English, length before the word"],
  ])("%s → %d days (%s)", (text, days) => {
    expect(readRenewalNotice(document(text))?.value).toBe(days);
  });
});

describe("entry into force and expiry", () => {
  it.each([
    [
      "La présente convention entre en vigueur à compter de la date de sa signature.",
      "signature",
      undefined,
      "French",
    ],
    [
      "Elle prend effet à compter de la date de son approbation par l'autorité de tutelle.",
      "approval",
      undefined,
      "French, approval",
    ],
    ["Elle entrera en vigueur le 1er mars 2026.", "date", "2026-03-01", "French, a date"],
    [
      "This Memorandum shall enter into force on the date of its signature by both Parties.",
      "signature",
      undefined,
      "English",
    ],
    ["This Agreement shall take effect on 1 April 2026.", "date", "2026-04-01", "English, a date"],
    ["تدخل هذه الاتفاقية حيز التنفيذ ابتداء من تاريخ التوقيع عليها.", "signature", undefined, "Arabic"],
    ["تدخل هذه الاتفاقية حيز التنفيذ بعد المصادقة عليها.", "approval", undefined, "Arabic, approval"],
  ])("%s → %s (%s)", (text, kind, date, _reason) => {
    expect(readEntryIntoForce(document(text))?.value).toEqual(date ? { kind, date } : { kind });
  });

  it.each([
    ["Elle prend fin le 31 décembre 2028.", "2028-12-31", "French"],
    ["This Agreement expires on 30 June 2027.", "2027-06-30", "English"],
    ["تنتهي هذه الاتفاقية في 31 دجنبر 2028.", "2028-12-31", "Arabic"],
  ])("%s → %s (%s)", (text, iso) => {
    expect(readExpiry(document(text))?.value).toBe(iso);
  });
});

describe("signature", () => {
  it.each([
    ["Fait à Rabat, le 15 janvier 2026, en quatre exemplaires originaux.", "Rabat", "2026-01-15", "French"],
    ["Fait en trois exemplaires à Ifrane, le 03/07/2025.", "Ifrane", "2025-07-03", "French, copies first"],
    ["Done at Marrakech on 15 January 2026, in two originals.", "Marrakech", "2026-01-15", "English"],
    ["Signed in Rabat on January 20, 2026.", "Rabat", "2026-01-20", "English, signed in"],
    ["حرر بالرباط في 2 يناير 2026.", "الرباط", "2026-01-02", "Arabic"],
  ])("%s → %s, %s (%s)", (text, place, date) => {
    const signature = readSignature(document(text));
    expect([signature.place?.value, signature.date?.value]).toEqual([place, date]);
  });

  it("takes the Gregorian date that follows a Hijri one, and keeps the Hijri one", () => {
    const signature = readSignature(document("حرر بالرباط في 12 رجب 1447 هـ الموافق لـ 2 يناير 2026"));
    expect([signature.date?.value, signature.hijriDate?.value]).toEqual(["2026-01-02", "12 رجب 1447 هـ"]);
  });
});

describe("amounts", () => {
  it.each([
    [
      "une contribution d'un million cinq cent mille dirhams (1 500 000,00 DH)",
      [[1_500_000, "MAD"]],
      "French, words and figure once",
    ],
    ["un montant de 250.000 MAD", [[250_000, "MAD"]], "MAD after, dots"],
    [
      "a contribution of EUR 50,000 and USD 20,000",
      [
        [50_000, "EUR"],
        [20_000, "USD"],
      ],
      "currency before",
    ],
    ["مساهمة قدرها 300.000 درهم", [[300_000, "MAD"]], "Arabic dirham"],
    ["مبلغ ٢٠٠ ٠٠٠ درهم", [[200_000, "MAD"]], "Arabic-Indic digits with a space"],
    ["cinq cent mille dirhams seulement", [[500_000, "MAD"]], "words only"],
    ["le 15 janvier 2026 pour trois ans", [], "no currency: no amount"],
  ])("%s (%s)", (text, amounts) => {
    expect(readAmounts(document(text)).map(({ value }) => [value.amount, value.currency])).toEqual(amounts);
  });
});

const known = [
  {
    id: "ampcpp",
    names: [
      "Association Marocaine des Présidents des Conseils Préfectoraux et Provinciaux",
      "الجمعية المغربية لرؤساء مجالس العمالات والأقاليم",
      "Moroccan Association of the Presidents of the Councils of Prefectures and Provinces",
    ],
    acronym: "AMPCPP",
  },
  {
    id: "aui",
    names: ["Université Al Akhawayn d'Ifrane", "جامعة الأخوين بإفران", "Al Akhawayn University in Ifrane"],
    acronym: "AUI",
  },
];

describe("parties", () => {
  it.each([
    [
      "ENTRE :\nL'Association Marocaine des Présidents des Conseils Préfectoraux et Provinciaux (AMPCPP), représentée par son Président,\nD'une part,\nET :\nL'Université Al Akhawayn d'Ifrane, représentée par son Président,\nD'autre part,\nIl a été convenu ce qui suit :",
      [
        ["ampcpp", "association"],
        ["aui", "university"],
      ],
      "French, both known",
    ],
    [
      'BETWEEN:\nThe AMPCPP, represented by its President, hereinafter referred to as "the Association",\nAND:\nThe Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ), represented by its Country Director,\nIt is agreed as follows:',
      [
        ["ampcpp", "other"],
        [null, "international_organization"],
      ],
      "English, an acronym alone and a new organisation",
    ],
    [
      "بين:\nالجمعية المغربية لرؤساء مجالس العمالات والأقاليم، ممثلة في شخص رئيسها،\nمن جهة،\nو:\nوزارة الشباب والثقافة والتواصل، ممثلة في شخص الوزير،\nمن جهة أخرى،\nاتفق الطرفان على ما يلي:",
      [
        ["ampcpp", "association"],
        [null, "ministry"],
      ],
      "Arabic, a known and a new ministry",
    ],
    [
      "ENTRE :\nL'Universite Al Akhawayn d'Ifranne, représentée par son Président,\nET :\nLa Fondation Marocaine de l'Étudiant, représentée par sa Présidente,\nIl a été convenu ce qui suit :",
      [
        ["aui", "university"],
        [null, "foundation"],
      ],
      "French, a misspelt known name",
    ],
  ])("%# (%s)", (text, parties) => {
    const read = readParties(document(text), known);
    expect(read.map(({ value }) => [value.organisationId, value.kind])).toEqual(parties);
  });

  it("keeps what the text calls each party afterwards", () => {
    const [party] = readParties(
      document(
        "ENTRE :\nL'Université Al Akhawayn d'Ifrane, ci-après dénommée « l'Université »,\nIl a été convenu :",
      ),
      known,
    );
    expect(party?.value.aliases).toEqual(["l'Université"]);
  });
});

describe("title, objectives and commitments", () => {
  const text = [
    "ROYAUME DU MAROC",
    "",
    "CONVENTION DE PARTENARIAT",
    "relative à la formation des élus",
    "",
    "ENTRE :",
    "L'Association Marocaine des Présidents des Conseils Préfectoraux et Provinciaux, ci-après dénommée « l'Association »,",
    "ET :",
    "L'Université Al Akhawayn d'Ifrane, ci-après dénommée « l'Université »,",
    "Il a été convenu ce qui suit :",
    "Article 2 : Objectifs",
    "Les objectifs de la présente convention sont :",
    "- renforcer les capacités des élus ;",
    "- accompagner les provinces d'Ifrane et de Khénifra ;",
    "Article 3 : Engagements de l'Université",
    "L'Université s'engage à :",
    "1. concevoir les modules de formation ;",
    "2. mettre à disposition ses locaux.",
    "Article 4 : Engagements de l'Association",
    "a) identifier les élus bénéficiaires ;",
    "b) prendre en charge le transport.",
    "Article 5 : Durée",
  ].join("\n");
  const reading = document(text);
  const parties = readParties(reading, known);

  it("reads the title from the line that names the kind of agreement", () => {
    expect(readTitle(reading)?.value).toBe("CONVENTION DE PARTENARIAT relative à la formation des élus");
  });

  it("reads the listed objectives without their markers", () => {
    expect(readObjectives(reading).map(({ value }) => value)).toEqual([
      "renforcer les capacités des élus",
      "accompagner les provinces d'Ifrane et de Khénifra",
    ]);
  });

  it("gives each party the items listed under its heading, by its alias", () => {
    expect(readCommitments(reading, parties).map(({ value }) => [value.party, value.text])).toEqual([
      [1, "concevoir les modules de formation"],
      [1, "mettre à disposition ses locaux"],
      [0, "identifier les élus bénéficiaires"],
      [0, "prendre en charge le transport"],
    ]);
  });

  it("names the page and the words each proposal came from", () => {
    const [first] = readObjectives(
      readingDocument([
        { page: 1, text: "x" },
        { page: 4, text },
      ]),
    );
    expect(first?.excerpt.page).toBe(4);
    expect(first?.excerpt.text.slice(first.excerpt.markStart, first.excerpt.markEnd)).toBe(
      "renforcer les capacités des élus ;",
    );
  });
});

describe("territories", () => {
  const places = [
    { code: "03.271", names: ["Ifrane", "إفران"] },
    { code: "04.421", names: ["Rabat", "الرباط"] },
    { code: "04", names: ["Rabat-Salé-Kénitra", "الرباط-سلا-القنيطرة"] },
  ];
  it.each([
    ["dans la Province d'Ifrane", ["03.271"], "French with the article's elision"],
    ["in the Province of Ifrane and the Prefecture of Rabat", ["03.271", "04.421"], "English"],
    ["بإقليم إفران وعمالة الرباط", ["03.271", "04.421"], "Arabic with attached prefixes"],
    ["la région de Rabat-Salé-Kénitra", ["04"], "a region: its name, not the prefecture's within it"],
    ["Fait à Rabat, le 2 janvier 2026", [], "a signature place is not a territory of the agreement"],
    ["L'Université Al Akhawayn d'Ifrane", [], "a name inside an organisation's is not a territory"],
  ])("%s (%s)", (text, codes) => {
    expect(readTerritories(document(text), places, []).map(({ value }) => value)).toEqual(codes);
  });
});

describe("language", () => {
  it.each([
    [
      "La présente convention est conclue entre les parties pour une durée de trois ans.",
      "fr",
      true,
      "French",
    ],
    ["This Agreement is concluded by the Parties for a period of two years.", "en", true, "English"],
    ["تبرم هذه الاتفاقية بين الطرفين لمدة ثلاث سنوات.", "ar", true, "Arabic"],
    [
      "El presente convenio se celebra entre las partes por un periodo de tres años y con la firma de los dos.",
      "fr",
      false,
      "Spanish: not read",
    ],
    [
      "Das vorliegende Abkommen ist zwischen der Stadt und dem Verband für drei Jahre geschlossen.",
      "fr",
      false,
      "German: not read",
    ],
    ["本协议由双方签署，有效期三年。", "fr", false, "Chinese: not read"],
  ])("%s → %s, read: %s (%s)", (text, language, read) => {
    const reading = document(text);
    expect([reading.language, reading.languageRead]).toEqual([language, read]);
  });
});

describe("amendment", () => {
  it.each([
    ["AVENANT N° 1 À LA CONVENTION DE PARTENARIAT", true, "French avenant"],
    ["Additif à la convention-cadre", true, "French additif"],
    ["Amendment No. 2 to the Memorandum of Understanding", true, "English"],
    ["ملحق تعديلي لاتفاقية الشراكة", true, "Arabic"],
    ["CONVENTION DE PARTENARIAT", false, "an agreement of its own"],
  ])("%s → %s (%s)", (title, amends) => {
    expect(readAmendment(readTitle(document(title)))?.value ?? false).toBe(amends);
  });
});

describe("folding", () => {
  it("keeps each folded character's written place, emoji and collapsed spaces included", () => {
    const text = foldWithOrigin("Fait   à 😀 Rabat,\n\n\n\nle 2 mai 2025");
    expect(text.folded).toBe("fait a 😀 rabat,\n\nle 2 mai 2025");
    expect(text.origin).toHaveLength(text.folded.length);
    const at = text.folded.indexOf("rabat");
    expect(text.original.slice(text.origin[at], (text.origin[at + 4] ?? 0) + 1)).toBe("Rabat");
  });
});

describe("phrasings a review found", () => {
  it.each([
    [
      "entry",
      "La présente convention entre en vigueur à compter de sa signature pour la durée visée à l'article 8.",
      { kind: "signature" },
    ],
    ["duration", "La durée de la présente convention est fixée à trois (3) ans.", 36],
    [
      "renewal",
      "Unless either Party notifies the other of its intention not to renew, this Agreement shall be automatically renewed.",
      "tacit",
    ],
    [
      "renewal",
      "Sauf si l'une des parties ne souhaite pas la renouveler, elle sera reconduite tacitement.",
      "tacit",
    ],
    ["renewal", "Elle est reconductible tacitement pour une année.", "tacit"],
    ["renewal", "Elle ne sera pas reconduite tacitement.", undefined],
    ["amounts", "a contribution of USD 2 million", [[2_000_000, "USD"]]],
    ["amounts", "une enveloppe de deux (2) millions de dirhams", [[2_000_000, "MAD"]]],
    ["signature", "Done at Rabat, this 15th day of January, 2025.", ["Rabat", "2025-01-15"]],
    [
      "signature",
      "Fait à Casablanca en quatre exemplaires originaux, le 3 mars 2025.",
      ["Casablanca", "2025-03-03"],
    ],
    ["language", "Avenant n° 2. Il est convenu ce qui suit : il y a lieu de proroger la convention.", true],
  ] as const)("%s: %s", (rule, text, expected) => {
    const read = document(text);
    const value = {
      entry: () => readEntryIntoForce(read)?.value,
      duration: () => readDuration(read)?.value,
      renewal: () => readRenewal(read)?.value,
      amounts: () => readAmounts(read).map(({ value }) => [value.amount, value.currency]),
      signature: () => [readSignature(read).place?.value, readSignature(read).date?.value],
      language: () => read.languageRead,
    }[rule]();
    expect(value).toEqual(expected);
  });

  it.each([
    ["Convention-cadre de partenariat", "framework", "French framework"],
    [
      "Convention de partenariat dans le cadre de l'INDH",
      "partnership",
      "'dans le cadre de' is not a framework",
    ],
    ["اتفاقية إطار للشراكة", "framework", "Arabic framework"],
    ["اتفاقية شراكة في إطار برنامج التنمية", "partnership", "'في إطار' is not a framework"],
    ["Protocole d’accord relatif au patrimoine", "mou", "curly apostrophe"],
    ["Memorandum of Understanding", "mou", "English"],
    ["Convention spécifique de partenariat", "specific", "specific"],
    ["Accord de coopération", "cooperation", "cooperation"],
  ])("the kind of %s is %s (%s)", (title, kind) => {
    expect(agreementKindOf(title)).toBe(kind);
  });
});

describe("a notice of non-renewal without the word 'notice'", () => {
  it.each([
    [
      "Il est renouvelé par tacite reconduction, sauf dénonciation notifiée quatre-vingt-dix (90) jours au moins avant son échéance.",
      90,
      "French, the length before the term",
    ],
    ["It is renewed automatically unless terminated in writing two months before its expiry.", 60, "English"],
    ["تجدد تلقائيا ما لم يخبر أحد الطرفين الآخر كتابة ثلاثين يوما قبل تاريخ انتهائها.", 30, "Arabic"],
    [
      "Le rapport est remis trente jours avant la fin de chaque semestre.",
      undefined,
      "no renewal: no notice",
    ],
  ])("%s → %s (%s)", (text, days, _why) => {
    expect(readRenewalNotice(document(text))?.value).toBe(days);
  });
});
