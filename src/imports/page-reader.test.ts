import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { describePlan, type PagePlan, readAgreementsPage } from "./page-reader.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The association's page as shipped for the first start: the seed fixture must be the same bytes. */
const DEMO_PAGE = new URL("../demo/partnership-agreements.txt", import.meta.url);

/** Runs the reader and returns the AppError it throws (fails the test if it does not throw). */
function importError(text: string): AppError {
  try {
    readAgreementsPage(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("import_invalid");
    expect(appError.message).toMatch(new RegExp(`^Line ${appError.line}: `));
    return appError;
  }
  throw new Error("expected readAgreementsPage to throw");
}

const partners = (plan: PagePlan): string[] => plan.agreements.map((a) => a.partnerName);
const objectiveTexts = (plan: PagePlan, i: number): string[] =>
  plan.agreements[i]?.objectives.map((o) => o.text) ?? [];

describe("the real seed page", () => {
  const seed = fixture("seed-en.txt");
  const plan = readAgreementsPage(seed);

  it("is a byte-for-byte copy of the page served as demo content", () => {
    expect(readFileSync(new URL("./fixtures/seed-en.txt", import.meta.url))).toEqual(readFileSync(DEMO_PAGE));
  });

  it("reads the language, the title and five agreements", () => {
    expect(plan.language).toBe("en");
    expect(plan.title).toBe("Partnership and cooperation agreements");
    expect(plan.agreements).toHaveLength(5);
    expect(partners(plan)).toEqual([
      "Ministry of the Interior",
      "Al Akhawayn University",
      'Association "Jisr"',
      "Moroccan Student Foundation",
      "Moroccan Association of Sociology",
    ]);
    expect(plan.agreements.map((a) => a.line)).toEqual([3, 11, 17, 25, 31]);
    expect(plan.agreements.map((a) => a.kind)).toEqual([
      "partnership",
      "partnership",
      "partnership",
      "partnership",
      "partnership",
    ]);
  });

  it("counts the objectives and keeps their text as written", () => {
    expect(plan.agreements.map((a) => a.objectives.length)).toEqual([3, 1, 1, 1, 3]);
    const ministry = plan.agreements[0]?.objectives ?? [];
    expect(ministry[0]).toEqual({
      line: 7,
      text: "Follow up on the implementation of the Association’s role in supporting Moroccan Territorial Collectivitiesand strengthening its role as a factor of sustainable development",
    });
    expect(ministry[2]).toEqual({
      line: 9,
      text: "Organize and coordinate the participation of the Presidents of the Councils of Prefectures and Provinces in all debates on strengthening decentralization, as well as in all national and international conferences and events",
    });
    expect(ministry[1]?.text).toBe(
      "Participate in all forms of dialogue aimed at supporting good governance",
    );
    // the non-breaking space after the bullet is gone, the trailing ";" too
    expect(objectiveTexts(plan, 4)[0]).toBe(
      "To conduct studies in the social field as well as in the areas of intervention of the Prefectures and Provinces",
    );
    // inner quotes and the ellipsis in an objective are kept as written
    expect(objectiveTexts(plan, 2)[0]).toMatch(/^To allow .* Association “Jisr” in .*\(Neither…Nor\)$/);
  });

  it("keeps the full heading, quotes normalised, and finds the action plan only on Jisr", () => {
    expect(plan.agreements[2]?.heading).toBe(
      'Partnership agreement with the Association "Jisr", school-Business partnership',
    );
    expect(plan.agreements[1]?.heading).toBe(
      "Partnership and cooperation agreement with Al Akhawayn University",
    );
    expect(plan.agreements.map((a) => a.hasActionPlan)).toEqual([false, false, true, false, false]);
  });

  it("describes the plan for a dry run", () => {
    const text = describePlan(plan);
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Language: English (en)",
      "Title: Partnership and cooperation agreements",
      "Agreements: 5",
    ]);
    expect(text).toContain('3. Association "Jisr" (partnership), line 17');
    expect(text).toContain(
      "     2. Participate in all forms of dialogue aimed at supporting good governance [line 8]",
    );
    expect(text.match(/Action plan: yes/g)).toHaveLength(1);
    expect(text.match(/Action plan: no/g)).toHaveLength(4);
  });
});

describe("the English fixture page", () => {
  const text = fixture("page-en.txt");
  const plan = readAgreementsPage(text);

  it("reads headings of every English kind", () => {
    expect(plan.language).toBe("en");
    // only the first line before the first heading is the title
    expect(plan.title).toBe("Agreements of the Association of Presidents of Provincial Councils");
    expect(partners(plan)).toEqual([
      "Ministry of Equipment and Water",
      "National Institute of Statistics",
      '"Regional Investment Centre"',
      "United Cities and Local Governments of Africa",
    ]);
    expect(plan.agreements.map((a) => a.kind)).toEqual(["partnership", "cooperation", "framework", "mou"]);
    expect(plan.agreements.map((a) => a.line)).toEqual([4, 15, 23, 29]);
    expect(plan.agreements.map((a) => a.hasActionPlan)).toEqual([true, false, false, true]);
  });

  it("joins a bullet's continuation line and strips bullets and separators", () => {
    expect(plan.agreements[0]?.objectives).toEqual([
      { line: 8, text: "Improve the condition of rural roads in the Prefectures and Provinces" },
      {
        line: 9,
        text: "Share technical studies on water supply, drinking water networks and sanitation in small municipalities",
      },
      { line: 11, text: "Train the technical staff of the Councils" },
    ]);
  });

  it("reads a numbered list written 1. 2) 3- and (1)", () => {
    expect(objectiveTexts(plan, 1)).toEqual([
      "Give the Councils access to the census data at the level of each municipality",
      "Produce an annual territorial dashboard",
      "Organise two joint workshops each year",
    ]);
    expect(objectiveTexts(plan, 3)).toEqual([
      "Promote decentralised cooperation between African territorial councils",
      "Host delegations of elected officials",
    ]);
  });

  it("takes each paragraph as an objective when there is no marker and no bullet", () => {
    expect(plan.agreements[2]?.objectives.map((o) => o.line)).toEqual([25, 27]);
    expect(objectiveTexts(plan, 2)[1]).toBe(
      "To exchange information on investment projects that concern several Prefectures or Provinces",
    );
  });

  it("reads CRLF and CR line endings exactly like LF", () => {
    expect(text).not.toContain("\r");
    expect(readAgreementsPage(text.replace(/\n/g, "\r\n"))).toEqual(plan);
    expect(readAgreementsPage(text.replace(/\n/g, "\r"))).toEqual(plan);
  });

  it("strips a leading BOM and treats tabs and non-breaking spaces as spaces", () => {
    const messy = `\uFEFF${text}`
      .replace("Cooperation agreement with", "Cooperation\tagreement\u00A0with ")
      .replace("Framework agreement", "\fFramework  agreement"); // pdftotext's page break
    expect(readAgreementsPage(messy)).toEqual(plan);
  });
});

describe("the French fixture page", () => {
  const plan = readAgreementsPage(fixture("page-fr.txt"));

  it("reads French headings, strips le / la / l' and normalises quotes in names", () => {
    expect(plan.language).toBe("fr");
    expect(plan.title).toBe("Conventions de partenariat et de coopération");
    expect(partners(plan)).toEqual([
      "Ministère de l'Intérieur",
      "Université Mohammed V de Rabat",
      'Association "Jisr"',
      "Fondation marocaine de l'étudiant",
    ]);
    expect(plan.agreements.map((a) => a.kind)).toEqual(["partnership", "cooperation", "framework", "mou"]);
    expect(plan.agreements[2]?.heading).toBe(
      `Accord-cadre avec l'Association "Jisr", partenariat École-Entreprise`,
    );
    expect(plan.agreements.map((a) => a.hasActionPlan)).toEqual([true, false, false, false]);
  });

  it("reads bullets with the French space before ';', numbered lists and paragraphs", () => {
    expect(objectiveTexts(plan, 0)).toEqual([
      "Accompagner la mise en œuvre de la régionalisation avancée",
      "Renforcer les capacités des élus et des cadres des Conseils préfectoraux et provinciaux",
      "Participer aux débats nationaux sur la décentralisation",
    ]);
    expect(objectiveTexts(plan, 1)).toEqual([
      "Réaliser des études sur le développement territorial",
      "Former les cadres des Conseils à la gestion de projets",
      "Accueillir des stagiaires",
    ]);
    // quotes inside an objective stay as written
    expect(objectiveTexts(plan, 2)[0]).toContain("l'Association « Jisr » dans");
    expect(plan.agreements[3]?.objectives).toEqual([
      {
        line: 30,
        text: "Soutenir l'Association dans le domaine social et organiser des interventions conjointes",
      },
    ]);
  });

  it("reads decomposed accents as NFC", () => {
    const nfd = "Convention de partenariat avec la Région de l’Oriental\n\nCoopérer.\n".normalize("NFD");
    const read = readAgreementsPage(nfd);
    expect(read.agreements[0]?.partnerName).toBe("Région de l'Oriental");
    expect(read.agreements[0]?.objectives[0]?.text).toBe("Coopérer");
  });
});

describe("the Arabic fixture page", () => {
  const plan = readAgreementsPage(fixture("page-ar.txt"));

  it("reads Arabic headings with اتفاقية and اتفاق, and cuts the clause after the Arabic comma", () => {
    expect(plan.language).toBe("ar");
    expect(plan.title).toBe("اتفاقيات الشراكة والتعاون");
    expect(partners(plan)).toEqual([
      "وزارة الداخلية",
      "جامعة الأخوين",
      "الجمعية المغربية لعلم الاجتماع",
      "مؤسسة الطالب المغربي",
    ]);
    expect(plan.agreements.map((a) => a.kind)).toEqual(["partnership", "partnership", "cooperation", "mou"]);
    expect(plan.agreements[3]?.heading).toBe("مذكرة تفاهم مع مؤسسة الطالب المغربي، الرباط");
    // خطة العمل on the first block, برنامج العمل on the last
    expect(plan.agreements.map((a) => a.hasActionPlan)).toEqual([true, false, false, true]);
  });

  it("reads bullets, Arabic-Indic numbers and paragraphs, removing ؛ and .", () => {
    expect(objectiveTexts(plan, 0)).toEqual([
      "تتبع تنفيذ دور الجمعية في دعم الجماعات الترابية",
      "المشاركة في كل أشكال الحوار الرامية إلى دعم الحكامة الجيدة",
      "تنظيم وتنسيق مشاركة رؤساء مجالس العمالات والأقاليم في جميع النقاشات المتعلقة بتعزيز اللامركزية",
    ]);
    expect(plan.agreements[1]?.objectives.map((o) => o.line)).toEqual([18, 19, 20]);
    expect(objectiveTexts(plan, 1)[0]).toBe("التعاون في إنجاز أنشطة البحث العلمي المتعلقة بالتنمية الترابية");
    expect(objectiveTexts(plan, 2)).toEqual([
      "إنجاز دراسات في المجال الاجتماعي وفي مجالات تدخل العمالات والأقاليم",
    ]);
  });
});

describe("reading rules", () => {
  const one = (body: string, heading = "Partnership agreement with the Town Hall"): PagePlan =>
    readAgreementsPage(`${heading}\n${body}`);

  it("recognises every bullet form, in Latin, Arabic-Indic and Persian digits", () => {
    const body = ["• a", "· b", "- c", "– d", "* e", "▪ f", "1. g", "2) h", "3- i", "(4) j", "٥. k", "۶) l"];
    expect(one(body.join("\n")).agreements[0]?.objectives.map((o) => o.text)).toEqual([..."abcdefghijkl"]);
  });

  it("does not take a decimal number for a bullet", () => {
    const plan = one("- Raise funds\n1.5 million dirhams a year");
    expect(plan.agreements[0]?.objectives.map((o) => o.text)).toEqual([
      "Raise funds 1.5 million dirhams a year",
    ]);
  });

  it("reads text after the marker's colon and keeps text before the marker as the summary", () => {
    const plan = one("Signed in Rabat\nin 2019.\nObjectives of the agreement : Share data;\n- Train staff");
    expect(plan.agreements[0]?.objectives).toEqual([
      { line: 4, text: "Share data" },
      { line: 5, text: "Train staff" },
    ]);
    expect(plan.agreements[0]?.summary).toBe("Signed in Rabat in 2019.");
    expect(one("- Train staff").agreements[0]?.summary).toBeUndefined();
  });

  it("ends an empty bullet's text on the next line and drops trailing separators", () => {
    const plan = one("•\nShare data ;,.:\n- Train staff؛ ");
    expect(plan.agreements[0]?.objectives).toEqual([
      { line: 3, text: "Share data" },
      { line: 4, text: "Train staff" },
    ]);
  });

  it("treats the action-plan line as a separator, whatever its case", () => {
    const plan = one("- Share data\nACTION PLAN:\n- Train staff");
    expect(plan.agreements[0]?.hasActionPlan).toBe(true);
    expect(plan.agreements[0]?.objectives.map((o) => o.text)).toEqual(["Share data", "Train staff"]);
    expect(one("- Action plan review").agreements[0]?.hasActionPlan).toBe(false);
  });

  it("normalises ``x``, “x” and « x » in partner names and strips the article and trailing punctuation", () => {
    expect(one("x", "Cooperation agreement with ``Jisr``.").agreements[0]?.partnerName).toBe('"Jisr"');
    expect(one("x", "Framework agreement with The “Amal” Foundation;").agreements[0]?.partnerName).toBe(
      '"Amal" Foundation',
    );
    expect(one("x", "Accord-cadre avec les « Amis du Sud », Agadir").agreements[0]?.partnerName).toBe(
      '"Amis du Sud"',
    );
    expect(
      one("x", 'Memorandum of understanding with "Sud, Nord" Network, Tangier').agreements[0],
    ).toMatchObject({
      partnerName: '"Sud, Nord" Network',
      kind: "mou",
    });
  });

  it("reads the generic French and Arabic headings and اتفاقية إطار", () => {
    expect(one("x", "Convention avec la Commune de Fès").agreements[0]).toMatchObject({
      partnerName: "Commune de Fès",
      kind: "partnership",
    });
    expect(one("x", "اتفاق مع مجلس جهة فاس").agreements[0]).toMatchObject({
      partnerName: "مجلس جهة فاس",
      kind: "partnership",
    });
    expect(one("x", "اتفاقية إطار مع وزارة التربية").agreements[0]?.kind).toBe("framework");
    expect(readAgreementsPage("اتفاقية إطار مع وزارة التربية\n- تكوين الأطر").language).toBe("ar");
  });
});

describe("errors", () => {
  it("rejects an empty or whitespace-only file at line 1", () => {
    for (const text of ["", "   ", "\n\n \t\n\u00A0\r\n", "\uFEFF"]) {
      const error = importError(text);
      expect(error.line).toBe(1);
      expect(error.message).toContain("empty");
    }
  });

  it("rejects a NUL byte or a binary control character at its line", () => {
    expect(importError("Title\n\nPartnership agreement with X\u0000\n- a").line).toBe(3);
    const bell = importError("Title\r\nPartnership agreement with X\r\n- a\r\n- b\u0007");
    expect(bell.line).toBe(4);
    expect(bell.message).toContain("U+0007");
  });

  it("says what a heading must look like when there is none", () => {
    const error = importError("Our agreements\n\n- Share data\n- Train staff\n");
    expect(error.line).toBe(1);
    expect(error.message).toContain('"Partnership agreement with <partner>"');
    expect(error.message).toContain('"Convention de partenariat avec <partenaire>"');
  });

  it("rejects headings of two languages at the first heading of the other language", () => {
    const text = "Title\nPartnership agreement with A\n- a\nConvention avec B\n- b\nاتفاقية مع ج\n- ج";
    const error = importError(text);
    expect(error.line).toBe(4);
    expect(error.message).toContain("French");
  });

  it("rejects a heading with nothing after with / avec / مع at its line", () => {
    expect(importError("Title\n\nPartnership agreement with\n- a").line).toBe(3);
    expect(importError("Partnership agreement with A\n- a\nCooperation agreement with the ,\n- b").line).toBe(
      3,
    );
    expect(importError("Convention de partenariat avec l'\n- a").line).toBe(1);
    const error = importError("\nاتفاقية شراكة مع :\n- أ");
    expect(error.line).toBe(2);
    expect(error.message).toContain('"مع"');
  });

  it("rejects an agreement with no objectives at the heading's line", () => {
    const text =
      "Partnership agreement with A\n- a\n\nCooperation agreement with B\nObjectives :\n\naction plan\n";
    const error = importError(text);
    expect(error.line).toBe(4);
    expect(error.message).toContain("no objectives");
  });

  it("rejects an objective longer than 4000 characters at its line", () => {
    const ok = readAgreementsPage(`Partnership agreement with A\n- ${"x".repeat(4000)};`);
    expect(ok.agreements[0]?.objectives[0]?.text).toHaveLength(4000);
    const error = importError(
      `Partnership agreement with A\n- a\n- ${"x".repeat(3000)}\n${"y".repeat(1001)}`,
    );
    expect(error.line).toBe(3);
    expect(error.message).toContain("4000");
  });

  it("rejects more than 500 agreements at the 501st heading", () => {
    const block = (i: number): string => `Partnership agreement with Partner ${i}\n- objective ${i}`;
    const five00 = Array.from({ length: 500 }, (_, i) => block(i)).join("\n");
    expect(readAgreementsPage(five00).agreements).toHaveLength(500);
    const error = importError(`${five00}\n${block(500)}`);
    expect(error.line).toBe(1001);
    expect(error.message).toContain("500");
  });
});
