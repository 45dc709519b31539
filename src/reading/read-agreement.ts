import type { RenewalMode } from "../db/schema/index.js";
import { type KnownOrganisation, type PartyProposal, readParties } from "./agreement-parties.js";
import {
  type CommitmentProposal,
  type KnownTerritory,
  readAmendment,
  readCommitments,
  readObjectives,
  readTerritories,
  readTitle,
} from "./agreement-sections.js";
import {
  type Amount,
  type EntryIntoForce,
  readAmounts,
  readDuration,
  readEntryIntoForce,
  readExpiry,
  readRenewal,
  readRenewalNotice,
  readSignature,
} from "./agreement-terms.js";
import { type Proposal, readingDocument } from "./reading-document.js";

/**
 * What Sharaka proposes for an agreement's record from the text of its signed copy. Nothing
 * here is saved: each field is a proposal with the excerpt and page it came from and a
 * confidence, for staff to accept, correct or reject.
 */
export interface AgreementReading {
  language: "ar" | "fr" | "en";
  /** false: the text is in another language, and nothing is proposed */
  languageRead: boolean;
  title?: Proposal<string>;
  /** the document amends an agreement (an avenant), as its title says */
  amendment?: Proposal<boolean>;
  parties: Proposal<PartyProposal>[];
  signedOn?: Proposal<string>;
  signedAt?: Proposal<string>;
  hijriDate?: Proposal<string>;
  entryIntoForce?: Proposal<EntryIntoForce>;
  /** the date it takes effect, when the text gives one or says "at signature" */
  effectiveOn?: Proposal<string>;
  durationMonths?: Proposal<number>;
  expiresOn?: Proposal<string>;
  renewal?: Proposal<RenewalMode>;
  renewalNoticeDays?: Proposal<number>;
  amounts: Proposal<Amount>[];
  territories: Proposal<string>[];
  objectives: Proposal<string>[];
  commitments: Proposal<CommitmentProposal>[];
}

export interface ReadAgreementOptions {
  /** the document's text, part by part (a PDF's pages) */
  parts: readonly { page: number | null; text: string }[];
  organisations: readonly KnownOrganisation[];
  territories: readonly KnownTerritory[];
}

export function readAgreement({ parts, organisations, territories }: ReadAgreementOptions): AgreementReading {
  const document = readingDocument(parts);
  if (!document.languageRead)
    return {
      language: document.language,
      languageRead: false,
      parties: [],
      amounts: [],
      territories: [],
      objectives: [],
      commitments: [],
    };
  const parties = readParties(document, organisations);
  const signature = readSignature(document);
  const entryIntoForce = readEntryIntoForce(document);
  const effectiveDate =
    entryIntoForce?.value.kind === "date"
      ? entryIntoForce.value.date
      : entryIntoForce?.value.kind === "signature"
        ? signature.date?.value
        : undefined;
  // an agreement that says nothing of renewal is not renewed: proposed as such, less surely
  const renewal = readRenewal(document) ?? {
    value: "none" as const,
    confidence: 0.5,
    rule: "renewal: not stated",
    excerpt: { page: document.parts[0]?.page ?? null, text: "", markStart: 0, markEnd: 0 },
  };
  const title = readTitle(document);
  return {
    language: document.language,
    languageRead: true,
    title,
    amendment: readAmendment(title),
    parties,
    signedOn: signature.date,
    signedAt: signature.place,
    hijriDate: signature.hijriDate,
    entryIntoForce,
    effectiveOn:
      entryIntoForce && effectiveDate
        ? { ...entryIntoForce, value: effectiveDate, confidence: Math.min(entryIntoForce.confidence, 0.85) }
        : undefined,
    durationMonths: readDuration(document),
    expiresOn: readExpiry(document),
    renewal,
    // a notice of non-renewal means something only where the renewal is tacit
    renewalNoticeDays: renewal.value === "tacit" ? readRenewalNotice(document) : undefined,
    amounts: readAmounts(document),
    territories: readTerritories(
      document,
      territories,
      parties.map((party) => party.value.span),
    ),
    objectives: readObjectives(document),
    commitments: readCommitments(document, parties),
  };
}
