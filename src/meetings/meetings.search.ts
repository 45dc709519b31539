import { and, desc, eq, sql } from "drizzle-orm";
import { insideAgreementsCondition } from "../access/agreement-access.js";
import { agreements, meetings, searchWords } from "../db/schema/index.js";
import { parseSearchQuery, type SearchRequest } from "../search/query.js";
import type { LocalizedText } from "../shared/localized.js";

/** The matching meetings read for one search, at most (a broader search lists only some). */
const CANDIDATES = 1_000;

/**
 * The meetings whose committee the actor may read (committee.policy.ts: the inside of the
 * agreement) whose title, agenda or place holds every word of the query, the latest first.
 */
export async function searchMeetings({ db, actor, q, limit = 10 }: SearchRequest): Promise<
  {
    id: string;
    title: LocalizedText;
    startsAt: Date;
    agreementId: string;
    agreementTitle: LocalizedText;
  }[]
> {
  const query = parseSearchQuery(q);
  if (!query || actor.role === "anonymous") return [];
  return db
    .select({
      id: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      agreementId: meetings.agreementId,
      agreementTitle: agreements.title,
    })
    .from(meetings)
    .innerJoin(agreements, eq(agreements.id, meetings.agreementId))
    .where(
      and(
        // The matches first, from the index (see activities.search.ts: ORDER BY … LIMIT alone may
        // walk every meeting by date, parsing each).
        sql`${meetings.id} = any(array(select ${meetings.id} from ${meetings}
          where ${searchWords(meetings.searchText)} @@ to_tsquery('simple', ${query.tsquery}) limit ${CANDIDATES}))`,
        insideAgreementsCondition(actor),
      ),
    )
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(limit);
}
