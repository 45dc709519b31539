import { and, type SQL, sql } from "drizzle-orm";
import { agreements, agreementTermColumns } from "../db/schema/index.js";
import { type AgreementFacts, agreementDeadline } from "../domain/figures.js";
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
// Which deadline an agreement has is agreementDeadline's (src/domain/figures.ts), as the dashboard reads it.
const deadlineOf =
  (kind: "agreement_expiry" | "renewal_notice") =>
  (row: AgreementFacts, today: string): { dueOn: string; occurrence: string } | null => {
    const deadline = agreementDeadline(row, today);
    return deadline?.kind === kind ? deadline : null;
  };

export const findExpiries = agreementDeadlineFinder(
  "agreement_expiry",
  sql`not (${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null)`,
  deadlineOf("agreement_expiry"),
);

export const findRenewalNotices = agreementDeadlineFinder(
  "renewal_notice",
  sql`${agreements.renewal} = 'tacit' and ${agreements.renewalNoticeDays} is not null`,
  deadlineOf("renewal_notice"),
);
