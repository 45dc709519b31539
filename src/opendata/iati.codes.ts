import type { Theme } from "../agreements/agreements.input.js";
import type { AgreementStatus, DocumentKind, OrganizationKind, PartyRole } from "../db/schema/index.js";

/*
 * How Sharaka's vocabularies are said in IATI 2.03's code lists (iatistandard.org/en/iati-standard/203/codelists).
 * Each mapping is the nearest code; where none fits, the list's "other" or "not specified".
 */

/** OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing. A beneficiary is no participant in IATI: left out. */
export const participatingRole: Record<PartyRole, string | undefined> = {
  funder: "1",
  signatory: "2",
  implementing: "4",
  technical: "4",
  beneficiary: undefined,
};

/** OrganisationType. */
export const organisationType: Record<OrganizationKind, string> = {
  ministry: "10", // Government
  public_institution: "15", // Other Public Sector
  territorial_collectivity: "11", // Local Government
  university: "80", // Academic, Training and Research
  association: "22", // National NGO
  foundation: "60", // Foundation
  international_organization: "40", // Multilateral
  private_company: "70", // Private Sector
  other: "90", // Other
};

/**
 * ActivityStatus: 1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed,
 * 5 Cancelled, 6 Suspended. Signed but not yet in force is still the pipeline; terminated
 * before its term, cancelled.
 */
export const activityStatus: Record<AgreementStatus, string> = {
  draft: "1",
  negotiation: "1",
  signed: "1",
  in_force: "2",
  suspended: "6",
  expired: "4",
  terminated: "5",
};

/** The statuses published: an agreement with a signature (so with dates to report). */
export const publishedStatuses: readonly AgreementStatus[] = [
  "signed",
  "in_force",
  "suspended",
  "expired",
  "terminated",
];

/** Sector, vocabulary 1 (OECD DAC CRS 5-digit purpose codes). */
export const dacSector: Record<Theme, string> = {
  governance: "15110", // Public sector policy and administrative management
  decentralization: "15112", // Decentralisation and support to subnational government
  research: "43082", // Research/scientific institutions
  training: "11430", // Advanced technical and managerial training
  social: "16010", // Social protection
  education: "11110", // Education policy and administrative management
  employment: "16020", // Employment creation
  "territorial-planning": "43030", // Urban development and management (the nearest to spatial planning)
  "international-cooperation": "99810", // Sectors not specified
};

/** DocumentCategory (A series: activity documents). */
export const documentCategory: Record<DocumentKind, string> = {
  signed_agreement: "A09", // Memorandum of understanding (agreed by all parties)
  amendment: "A09",
  annex: "A11", // Contract
  minutes: "A07", // Review of project performance and evaluation
  report: "A08", // Results, outcomes and outputs
  other: "A06", // Summary information about contract
};
