import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { searchActivities } from "../activities/activities.search.js";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import { type FoundDocument as FoundDocumentRow, searchDocuments } from "../documents/documents.search.js";
import { ownerWorkspacePath } from "../documents/documents.views.js";
import { searchMeetings } from "../meetings/meetings.search.js";
import { searchContacts } from "../partners/contacts.service.js";
import { suggestOrganizations } from "../partners/organizations.service.js";
import { MAX_QUERY_LENGTH, parseSearchQuery, type SearchQuery, type SearchRequest } from "../search/query.js";
import { formatDateTime } from "../shared/i18n.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { Localized, Marked } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { workspacePath } from "../web/paths.js";

/** Each kind shows at most this many; agreements link on to their full, paged list. */
const PER_KIND = 10;

interface Found {
  agreements: { id: string; reference: string; title: LocalizedText }[];
  agreementTotal: number;
  /** no agreement matched as typed: these are the close matches of this corrected query */
  agreementsCloseMatchesFor?: string;
  organizations: { id: string; name: LocalizedText; acronym: string | null }[];
  contacts: {
    id: string;
    fullName: string;
    role: string | null;
    organizationId: string;
    organizationName: LocalizedText;
  }[];
  activities: { id: string; title: LocalizedText; agreementTitle: LocalizedText }[];
  meetings: { id: string; title: LocalizedText; startsAt: Date; agreementTitle: LocalizedText }[];
  documents: FoundDocumentRow[];
}

/** Each kind as its own module finds it for the person, side by side. */
async function findEveryKind(request: SearchRequest): Promise<Found> {
  const [listed, organizations, contacts, activities, meetings, documents] = await Promise.all([
    listAgreements({ ...request, filter: { q: request.q } }),
    suggestOrganizations(request),
    searchContacts(request),
    searchActivities(request),
    searchMeetings(request),
    searchDocuments(request),
  ]);
  return {
    agreements: listed.items,
    agreementTotal: listed.total,
    agreementsCloseMatchesFor: listed.closeMatchesFor,
    organizations,
    contacts,
    activities,
    meetings,
    documents,
  };
}

/**
 * /workspace/search: one box for agreements, organisations, people, activities, meetings and
 * documents (by their text too), grouped by
 * kind. Each kind is found by its own module, as the person: nothing they may not read is
 * found, listed or counted.
 */
export function globalSearchRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/search", async (c) => {
    const { db, actor, t } = c.var;
    const q = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
    const query = parseSearchQuery(q);
    const found = query ? await findEveryKind({ db, actor, q, limit: PER_KIND }) : undefined;
    return renderWorkspace(c, {
      title: t("workspace.search.title"),
      section: "none",
      children: <SearchPage q={q} query={query} found={found} />,
    });
  });
  return routes;
}

function SearchPage({ q, query, found }: { q: string; query?: SearchQuery; found?: Found }) {
  const { lang, t } = usePage();
  // The agreements found by a corrected query are marked where that query matched them.
  const agreementsQuery = found?.agreementsCloseMatchesFor
    ? parseSearchQuery(found.agreementsCloseMatchesFor)
    : query;
  const empty =
    found &&
    !found.agreements.length &&
    !found.organizations.length &&
    !found.contacts.length &&
    !found.activities.length &&
    !found.meetings.length &&
    !found.documents.length;
  return (
    <>
      <h1>{t("workspace.search.title")}</h1>
      <search>
        <form method="get" action={workspacePath(lang, "/search")} class="actions">
          <label for="workspace-search-q">{t("workspace.search.label")}</label>
          <input id="workspace-search-q" name="q" type="search" value={q} maxlength={MAX_QUERY_LENGTH} />
          <button type="submit" class="button secondary">
            {t("workspace.search.submit")}
          </button>
        </form>
      </search>
      {!found ? <p>{t("workspace.search.prompt")}</p> : null}
      {empty ? <p role="status">{t("workspace.search.none", { q })}</p> : null}
      {found ? (
        <>
          <FoundKind
            kind="agreements"
            heading={`${t("workspace.search.agreements")} (${found.agreementTotal})`}
            items={found.agreements}
            before={
              found.agreementsCloseMatchesFor ? (
                <p class="notice" role="status">
                  {t("catalogue.closeMatches", { typed: q, query: found.agreementsCloseMatchesFor })}
                </p>
              ) : null
            }
            item={(agreement) => (
              <>
                <a href={agreementPaths.workspace(lang, agreement.id)}>
                  <Localized value={agreement.title} highlight={agreementsQuery} />
                </a>{" "}
                <small>
                  <bdi>{agreement.reference}</bdi>
                </small>
              </>
            )}
            after={
              found.agreementTotal > found.agreements.length ? (
                <p>
                  <a href={agreementPaths.list(lang, new URLSearchParams({ q }).toString())}>
                    {t("workspace.search.more")}
                  </a>
                </p>
              ) : null
            }
          />
          <FoundKind
            kind="organizations"
            items={found.organizations}
            item={(organization) => (
              <>
                <a href={workspacePath(lang, `/organizations/${organization.id}`)}>
                  <Localized value={organization.name} highlight={query} />
                </a>
                {organization.acronym ? (
                  <>
                    {" "}
                    (<bdi>{organization.acronym}</bdi>)
                  </>
                ) : null}
              </>
            )}
          />
          <FoundKind
            kind="contacts"
            items={found.contacts}
            item={(contact) => (
              <>
                <a href={workspacePath(lang, `/organizations/${contact.organizationId}`)}>
                  <bdi>{contact.fullName}</bdi>
                </a>
                {contact.role ? <> · {contact.role}</> : null} · {textOf(contact.organizationName, lang)}
              </>
            )}
          />
          <FoundKind
            kind="activities"
            items={found.activities}
            item={(activity) => (
              <>
                <a href={workspacePath(lang, `/activities/${activity.id}`)}>
                  <Localized value={activity.title} highlight={query} />
                </a>{" "}
                <small>
                  {t("workspace.search.in")} <Localized value={activity.agreementTitle} />
                </small>
              </>
            )}
          />
          <FoundKind
            kind="meetings"
            items={found.meetings}
            item={(meeting) => (
              <>
                <a href={workspacePath(lang, `/meetings/${meeting.id}`)}>
                  <Localized value={meeting.title} highlight={query} />
                </a>{" "}
                <small>
                  {formatDateTime(lang, meeting.startsAt)} · {t("workspace.search.in")}{" "}
                  <Localized value={meeting.agreementTitle} />
                </small>
              </>
            )}
          />
          <FoundKind
            kind="documents"
            items={found.documents}
            item={(document) => <FoundDocument document={document} query={query} />}
          />
        </>
      ) : null}
    </>
  );
}

/** One kind's results under its heading (`workspace.search.<kind>`); nothing at all when none. */
function FoundKind<T>({
  kind,
  heading,
  items,
  item,
  before,
  after,
}: {
  kind: Exclude<keyof Found, "agreementTotal" | "agreementsCloseMatchesFor">;
  heading?: string;
  items: T[];
  item: (value: T) => Child;
  before?: Child;
  after?: Child;
}) {
  const { t } = usePage();
  if (!items.length) return null;
  return (
    <section aria-labelledby={`found-${kind}`}>
      <h2 id={`found-${kind}`}>{heading ?? t(`workspace.search.${kind}`)}</h2>
      {before ?? null}
      <ul>
        {items.map((value) => (
          <li>{item(value)}</li>
        ))}
      </ul>
      {after ?? null}
    </section>
  );
}

/** A document found, linked to its download; a match in its text names the page and shows where. */
function FoundDocument({ document, query }: { document: FoundDocumentRow; query?: SearchQuery }) {
  const { lang, t } = usePage();
  return (
    <>
      <a href={workspacePath(lang, `/documents/${document.id}/download`)} download={document.fileName}>
        <Localized value={document.title} highlight={query} />
      </a>{" "}
      <small>
        <bdi>{document.fileName}</bdi>
        {document.hit ? (
          <>
            {" "}
            ·{" "}
            {document.hit.page
              ? t("workspace.search.page", { page: document.hit.page })
              : t("workspace.search.inText")}
          </>
        ) : null}{" "}
        ·{" "}
        <a href={ownerWorkspacePath(lang, document.ownerType, document.ownerId)}>
          {t("workspace.search.owner")}
        </a>
      </small>
      {document.hit?.excerpt ? (
        <p class="snippet" dir="auto">
          <Marked parts={document.hit.excerpt} />
        </p>
      ) : null}
    </>
  );
}
