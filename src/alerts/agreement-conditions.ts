import { and, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import { agreements } from "../db/schema/index.js";
import { type AgreementFacts, currentTerm } from "../progress/figures.js";
import { addDays } from "../progress/periods.js";
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
  status: agreements.status,
  signedOn: agreements.signedOn,
  effectiveOn: agreements.effectiveOn,
  expiresOn: agreements.expiresOn,
  durationMonths: agreements.durationMonths,
  renewal: agreements.renewal,
  renewalNoticeDays: agreements.renewalNoticeDays,
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

export const findExpiries: Finder = async (options) => {
  // A tacitly renewed agreement with a notice period does not simply expire: its notice is the
  // deadline to watch. Without one, the end of its term (which rolls on) is still announced.
  const rows = await trackedAgreements(
    options,
    sql`not (${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null)`,
  );
  const parties = await partiesOf(
    options.db,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => {
    const term = currentTerm(row, options.today);
    if (!term) return [];
    const condition = staged("agreement_expiry", options, term.end, {
      subjectId: row.id,
      occurrence: term.end,
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

export const findRenewalNotices: Finder = async (options) => {
  const rows = await trackedAgreements(
    options,
    and(eq(agreements.renewal, "tacit"), isNotNull(agreements.renewalNoticeDays)),
  );
  const parties = await partiesOf(
    options.db,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => {
    const deadline = renewalNoticeDeadline(row, options.today);
    if (!deadline) return [];
    const condition = staged("renewal_notice", options, deadline.dueOn, {
      subjectId: row.id,
      // The term it renews into tells this year's notice from next year's.
      occurrence: deadline.termEnd,
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
