import type { Database } from "../src/db/client.js";
import {
  type AgreementKind,
  type AgreementStatus,
  agreementParties,
  agreements,
  agreementTerritories,
  type OrganizationKind,
  objectives,
  organizations,
  type PartyRole,
  type RenewalMode,
} from "../src/db/schema/index.js";
import { nameKey } from "../src/partners/organizations.service.js";
import { writeAgreementSearchText } from "../src/search/agreement-search-text.js";
import { writeOrganizationSearchText } from "../src/search/organization-search-text.js";
import type { LocalizedText } from "../src/shared/localized.js";
import { referenceTerritories } from "../src/territories/territories.service.js";
import {
  internationalOrganizations,
  kindTitles,
  ministryDomains,
  objectiveObjects,
  objectiveVerbs,
  organizationMix,
  organizationTemplates,
  type Phrase,
  RARE_SUBJECT,
  RARE_SUBJECT_SHARE,
  subjects,
} from "./vocabulary.js";

/** mulberry32: a small, fast, seeded PRNG; the registry must be the same on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (entries[entries.length - 1] as [T, number])[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
  /** a version-4 UUID drawn from the PRNG, so ids are known before insertion */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, "0"),
    ).join("");
    const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

type OrganizationRow = typeof organizations.$inferInsert & { id: string; name: LocalizedText };
type AgreementRow = typeof agreements.$inferInsert & { id: string };

export interface Registry {
  organizations: OrganizationRow[];
  agreements: AgreementRow[];
  parties: (typeof agreementParties.$inferInsert)[];
  territories: (typeof agreementTerritories.$inferInsert)[];
  objectives: (typeof objectives.$inferInsert)[];
  /** public agreements, in generation order, for the agreement-page target */
  publicIds: string[];
  /** agreements whose title holds the rare word, and how many of those are public */
  rareTitles: { all: number; public: number };
}

export interface Association {
  id: string;
  name: LocalizedText;
  acronym: string | null;
}

const phrase = (text: Phrase, withEnglish: boolean): LocalizedText =>
  withEnglish ? { fr: text[0], ar: text[1], en: text[2] } : { fr: text[0], ar: text[1] };

function generateOrganizations(random: Random): OrganizationRow[] {
  const places = referenceTerritories().map((t) => [t.name_fr, t.name_ar, t.name_fr] as const);
  const rows: OrganizationRow[] = [];
  const seen = new Set<string>();
  const add = (kind: OrganizationKind, name: LocalizedText, acronym: string | null) => {
    const key = nameKey(name);
    if (seen.has(key)) return false;
    seen.add(key);
    rows.push({ id: random.uuid(), kind, name, acronym, website: null, nameKey: key });
    return true;
  };
  for (const domain of ministryDomains.slice(0, organizationMix.ministry)) {
    add(
      "ministry",
      { fr: `Ministère de ${domain[0]}`, ar: `وزارة ${domain[1]}`, en: `Ministry of ${domain[2]}` },
      null,
    );
  }
  for (const entry of internationalOrganizations.slice(0, organizationMix.international_organization)) {
    add("international_organization", phrase(entry.name, true), entry.acronym);
  }
  for (const [kind, templates] of Object.entries(organizationTemplates) as [
    Exclude<OrganizationKind, "ministry">,
    Phrase[],
  ][]) {
    const candidates = random.shuffle(
      templates.flatMap((template) => places.map((place) => ({ template, place }))),
    );
    let added = 0;
    for (const { template, place } of candidates) {
      if (added >= organizationMix[kind]) break;
      const [fr, ar, en] = template.map((text, index) => text.replace("{p}", place[index] ?? "")) as [
        string,
        string,
        string,
      ];
      const withEnglish = rows.length % 3 === 0;
      const acronym = random.chance(0.15) ? `${kind.slice(0, 2).toUpperCase()}${rows.length}` : null;
      if (add(kind, withEnglish ? { fr, ar, en } : { fr, ar }, acronym)) added++;
    }
  }
  return rows;
}

const statusWeights: Record<AgreementStatus, number> = {
  draft: 10,
  negotiation: 10,
  signed: 15,
  in_force: 40,
  suspended: 5,
  expired: 15,
  terminated: 5,
};
const kindWeights: Record<AgreementKind, number> = {
  partnership: 35,
  cooperation: 25,
  framework: 15,
  specific: 15,
  mou: 10,
};
const renewalWeights: Record<RenewalMode, number> = { none: 50, tacit: 30, amendment: 20 };
const roleWeights: Record<PartyRole, number> = {
  signatory: 50,
  funder: 15,
  implementing: 15,
  technical: 10,
  beneficiary: 10,
};
const themePool = subjects.flatMap((subject) => subject.themes);

const isoDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** The synthetic registry: organisations, then agreements with their parties, territories and objectives. */
export function generateRegistry({
  seed,
  count,
  association,
}: {
  seed: number;
  count: number;
  association: Association;
}): Registry {
  const random = new Random(seed);
  const orgs = generateOrganizations(random);
  const places = referenceTerritories();
  const provinces = places.filter((t) => t.kind !== "region");
  const regions = places.filter((t) => t.kind === "region");
  const registry: Registry = {
    organizations: orgs,
    agreements: [],
    parties: [],
    territories: [],
    objectives: [],
    publicIds: [],
    rareTitles: { all: 0, public: 0 },
  };
  const createdBase = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const withEnglish = i % 3 === 0;
    const kind = random.weighted(kindWeights);
    const rare = random.chance(RARE_SUBJECT_SHARE);
    const subject = rare
      ? { text: RARE_SUBJECT, themes: ["territorial-planning" as const] }
      : random.pick(subjects);
    const status = random.weighted(statusWeights);
    const visibility = random.chance(0.8) ? "public" : "internal";
    const national = random.chance(0.3);
    const codes = national
      ? []
      : [
          ...new Set(
            Array.from({ length: random.int(1, 3) }, () =>
              random.chance(0.15) ? random.pick(regions).code : random.pick(provinces).code,
            ),
          ),
        ];
    const where = codes[0] ? places.find((t) => t.code === codes[0]) : undefined;
    const kindTitle = kindTitles[kind];
    const title: LocalizedText = {
      fr: `${kindTitle[0]} relative à ${subject.text[0]}${where ? ` — ${where.name_fr}` : ""}`,
      ar: `${kindTitle[1]} بشأن ${subject.text[1]}${where ? ` — ${where.name_ar}` : ""}`,
      ...(withEnglish
        ? { en: `${kindTitle[2]} on ${subject.text[2]}${where ? ` — ${where.name_fr}` : ""}` }
        : {}),
    };
    const signedAt =
      status === "draft" || status === "negotiation"
        ? undefined
        : Date.UTC(random.int(2012, 2025), random.int(0, 11), random.int(1, 28));
    const durationMonths = random.pick([12, 24, 36, 48, 60]);
    const effectiveAt = signedAt === undefined ? undefined : signedAt + random.int(0, 90) * DAY;
    const years = signedAt === undefined ? "" : ` (${new Date(signedAt).getUTCFullYear()})`;
    const summary: LocalizedText = {
      fr: `Cette convention fixe le cadre de collaboration entre les parties pour ${subject.text[0]}${years}.`,
      ar: `تحدد هذه الاتفاقية إطار التعاون بين الأطراف في مجال ${subject.text[1]}${years}.`,
      ...(withEnglish
        ? { en: `This agreement sets the framework for the parties' work on ${subject.text[2]}${years}.` }
        : {}),
    };
    const objectiveTexts = Array.from({ length: random.int(1, 8) }, () => {
      const [verb, object] = [random.pick(objectiveVerbs), random.pick(objectiveObjects)];
      return phrase(
        [`${verb[0]} ${object[0]}`, `${verb[1]} ${object[1]}`, `${verb[2]} ${object[2]}`],
        withEnglish,
      );
    });
    const partyCount = random.int(2, 4);
    const partyOrgs: Association[] = random.chance(0.6) ? [association] : [];
    while (partyOrgs.length < partyCount) {
      const candidate = random.pick(orgs);
      if (!partyOrgs.some((org) => org.id === candidate.id)) partyOrgs.push(candidate as Association);
    }
    const renewal = random.weighted(renewalWeights);
    const reference = `BENCH-${signedAt ? new Date(signedAt).getUTCFullYear() : "P"}-${String(i + 1).padStart(5, "0")}`;
    const createdAt = new Date(createdBase + i * 60_000);
    registry.agreements.push({
      id,
      reference,
      kind,
      title,
      summary,
      status,
      visibility,
      themes: [...new Set([...subject.themes, ...(random.chance(0.4) ? [random.pick(themePool)] : [])])],
      national,
      signedOn: signedAt === undefined ? null : isoDay(signedAt),
      effectiveOn: effectiveAt === undefined ? null : isoDay(effectiveAt),
      expiresOn: effectiveAt === undefined ? null : isoDay(effectiveAt + durationMonths * 30.4 * DAY),
      durationMonths,
      renewal,
      renewalNoticeDays: renewal === "tacit" ? random.pick([30, 60, 90]) : null,
      createdAt,
      updatedAt: createdAt,
    });
    partyOrgs.forEach((org, position) => {
      const role = position === 0 ? "signatory" : random.weighted(roleWeights);
      registry.parties.push({ agreementId: id, organizationId: org.id, role, position });
    });
    for (const territoryCode of codes) registry.territories.push({ agreementId: id, territoryCode });
    objectiveTexts.forEach((text, position) => {
      registry.objectives.push({ id: random.uuid(), agreementId: id, position, text });
    });
    if (visibility === "public") registry.publicIds.push(id);
    if (rare) {
      registry.rareTitles.all++;
      if (visibility === "public") registry.rareTitles.public++;
    }
  }
  return registry;
}

const BATCH = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function groupBy<T extends { agreementId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.agreementId);
    if (list) list.push(item);
    else map.set(item.agreementId, [item]);
  }
  return map;
}

export interface LoadTimes {
  organizationsMs: number;
  /** the agreements with their parties, territories and objectives */
  agreementsMs: number;
}

/** Inserts the registry in batches of 500 agreements (one transaction each) with their search text, as an import would. */
export async function loadRegistry(db: Database, registry: Registry): Promise<LoadTimes> {
  const started = performance.now();
  for (const batch of chunks(registry.organizations, BATCH)) await db.insert(organizations).values(batch);
  await writeOrganizationSearchText({
    db,
    organizationIds: registry.organizations.map((o) => o.id as string),
  });
  const organizationsDone = performance.now();
  const parties = groupBy(registry.parties);
  const territories = groupBy(registry.territories);
  const objectiveRows = groupBy(registry.objectives);
  for (const batch of chunks(registry.agreements, BATCH)) {
    const of = <T>(map: Map<string, T[]>) => batch.flatMap((row) => map.get(row.id) ?? []);
    await db.transaction(async (tx) => {
      await tx.insert(agreements).values(batch);
      for (const rows of chunks(of(parties), BATCH)) await tx.insert(agreementParties).values(rows);
      for (const rows of chunks(of(territories), BATCH)) await tx.insert(agreementTerritories).values(rows);
      for (const rows of chunks(of(objectiveRows), BATCH)) await tx.insert(objectives).values(rows);
      // The application's own writer, as every write of an agreement calls it.
      await writeAgreementSearchText({ db: tx, agreementIds: batch.map((row) => row.id) });
    });
  }
  return {
    organizationsMs: organizationsDone - started,
    agreementsMs: performance.now() - organizationsDone,
  };
}
