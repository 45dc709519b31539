import { and, type SQL, sql } from "drizzle-orm";
import { agreements, agreementTermColumns } from "../db/schema/index.js";
import { type AgreementFacts, currentTerm } from "../domain/figures.js";
import { addDays } from "../domain/periods.js";
import {
  type Finder,
  type FinderOptions,
  onlySubjects,
  partiesOf,
  staged,
  tracked,
} from "./alert-finder-kit.js";

/** The agreement's own deadlines: the end of its term, and the last day to give notice of non-renewal. */
const agreementFacts = {
  id: agreements.id,
  reference: agreements.reference,
  title: agreements.title,
  ...agreementTermColumns,
};

/**
 * The next renewal-notice deadline of a tacitly renewed agreement: its current term's end
 * minus the notice, or — once that day has passed — the next term's.
 */
export function renewalNoticeDeadline(agreement: AgreementFacts, today: string) {
  if (agreement.renewal !== "tacit" || agreement.renewalNoticeDays === null) return null;
  const term = currentTerm(agreement, today);
  if (!term) return null;
  const notice = addDays(term.end, -agreement.renewalNoticeDays);
  if (notice >= today) return { dueOn: notice, termEnd: term.end };
  // The notice for this term is past: the agreement will renew, and the next notice is the one to give.
  const next = currentTerm(agreement, addDays(term.end, 1));
  if (!next || next.end === term.end) return null;
  return { dueOn: addDays(next.end, -agreement.renewalNoticeDays), termEnd: next.end };
}

async function trackedAgreements(options: FinderOptions, extra?: SQL) {
  return options.db
    .select(agreementFacts)
    .from(agreements)
    .where(and(tracked, extra, onlySubjects(agreements.id, options.subjectIds)));
}

/**
 * A finder of one of the agreement's own deadlines: the tracked agreements matching `which`,
 * each with its deadline (`dueOn`) and what tells this occurrence from the next one.
 */
function agreementDeadlineFinder(
  kind: "agreement_expiry" | "renewal_notice",
  which: SQL,
  deadlineOf: (row: AgreementFacts, today: string) => { dueOn: string; occurrence: string } | null,
): Finder {
  return async (options) => {
    const rows = await trackedAgreements(options, which);
    const parties = await partiesOf(
      options.db,
      rows.map((row) => row.id),
    );
    return rows.flatMap((row) => {
      const deadline = deadlineOf(row, options.today);
      if (!deadline) return [];
      const condition = staged(kind, options, deadline.dueOn, {
        subjectId: row.id,
        occurrence: deadline.occurrence,
        agreementId: row.id,
        subjectTitle: row.title,
        detail: row.reference,
        recordPath: `agreements/${row.id}`,
        organizationIds: parties.get(row.id) ?? [],
        ownerUserId: null,
      });
      return condition ? [condition] : [];
    });
  };
}

// A tacitly renewed agreement with a notice period does not simply expire: its notice is the
// deadline to watch. Without one, the end of its term (which rolls on) is still announced.
export const findExpiries = agreementDeadlineFinder(
  "agreement_expiry",
  sql`not (${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null)`,
  (row, today) => {
    const term = currentTerm(row, today);
    return term ? { dueOn: term.end, occurrence: term.end } : null;
  },
);

export const findRenewalNotices = agreementDeadlineFinder(
  "renewal_notice",
  sql`${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null`,
  (row, today) => {
    const deadline = renewalNoticeDeadline(row, today);
    // The term it renews into tells this year's notice from next year's.
    return deadline ? { dueOn: deadline.dueOn, occurrence: deadline.termEnd } : null;
  },
);
