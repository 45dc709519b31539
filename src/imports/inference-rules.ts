import type { Theme } from "../agreements/agreements.input.js";
import type { OrganizationKind } from "../db/schema/index.js";

/**
 * What the page importer guesses from words, since the page says nothing explicit about a
 * partner's kind or an agreement's themes. Every guess is shown by `import --dry-run` and
 * can be corrected in the workspace. The first matching rule wins for a partner's kind.
 */
/**
 * A pattern from plain terms. A Latin term matches whole words (a trailing * makes it a
 * prefix); an Arabic term matches anywhere, since Arabic attaches articles and prepositions.
 */
export function terms(...list: string[]): RegExp {
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const parts = list.map((term) => {
    if (/\p{Script=Arabic}/u.test(term)) return escapeRegExp(term);
    const prefix = term.endsWith("*");
    const body = escapeRegExp(prefix ? term.slice(0, -1) : term).replace(/ /g, "\\s+");
    return `(?<![\\p{L}\\p{N}])${body}${prefix ? "" : "(?![\\p{L}\\p{N}])"}`;
  });
  return new RegExp(parts.join("|"), "iu");
}

export const organizationKindRules: { kind: OrganizationKind; pattern: RegExp }[] = [
  { kind: "ministry", pattern: terms("ministry", "ministère", "ministere", "وزارة") },
  { kind: "university", pattern: terms("university", "université", "universite", "école", "جامعة") },
  { kind: "foundation", pattern: terms("foundation", "fondation", "مؤسسة") },
  { kind: "association", pattern: terms("association", "ngo", "ong", "جمعية", "منظمة غير حكومية") },
  {
    kind: "international_organization",
    pattern: terms(
      "united nations",
      "unicef",
      "undp",
      "pnud",
      "union européenne",
      "european union",
      "الأمم المتحدة",
    ),
  },
  {
    kind: "territorial_collectivity",
    pattern: terms("council", "conseil", "commune", "région", "مجلس", "جماعة"),
  },
  { kind: "public_institution", pattern: terms("agency", "agence", "office", "وكالة", "مكتب") },
];

export function guessOrganizationKind(name: string): OrganizationKind {
  return organizationKindRules.find((rule) => rule.pattern.test(name))?.kind ?? "other";
}

/** Themes whose words appear in an agreement's heading or objectives. */
export const themeRules: { theme: Theme; pattern: RegExp }[] = [
  { theme: "governance", pattern: terms("governance", "gouvernance", "حكامة") },
  { theme: "decentralization", pattern: terms("decentrali*", "décentrali*", "لامركزي") },
  {
    theme: "research",
    pattern: terms("research", "recherche", "studies", "study", "études", "étude", "البحث", "دراسات"),
  },
  {
    theme: "training",
    pattern: terms(
      "training",
      "formation",
      "capacity building",
      "renforcement des capacités",
      "تكوين",
      "تقوية القدرات",
    ),
  },
  { theme: "social", pattern: terms("social", "precarious", "précarité", "اجتماعي", "هشاشة") },
  {
    theme: "education",
    pattern: terms("educat*", "éducat*", "school*", "scolaire", "تربو", "تعليم", "مدرس"),
  },
  {
    theme: "employment",
    pattern: terms("employ*", "emploi*", "vocational", "professionnelle", "تشغيل", "مهني"),
  },
  {
    theme: "territorial-planning",
    pattern: terms("territorial planning", "aménagement du territoire", "إعداد التراب"),
  },
  {
    theme: "international-cooperation",
    pattern: terms(
      "international",
      "decentralized cooperation",
      "coopération décentralisée",
      "التعاون اللامركزي",
      "دولي",
    ),
  },
];

export function guessThemes(...texts: string[]): Theme[] {
  const text = texts.join("\n");
  return themeRules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.theme);
}
