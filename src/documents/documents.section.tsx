import { and, desc, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { documents } from "../db/schema/index.js";
import { Localized } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { usePage } from "../web/page-context.js";
import { addressQuery } from "../web/paths.js";
import { documentListPath } from "./document-list.views.js";
import { textStatusesOf } from "./document-text.service.js";
import type { DocumentOwnerType } from "./documents.input.js";
import { uploadRights } from "./documents.policy.js";
import type { DocumentRow } from "./documents.presenter.js";
import { pageDocuments } from "./documents.queries.js";
import { listDocuments } from "./documents.service.js";
import { DocumentList, DocumentUploadForm } from "./documents.views.js";

/** How many of an agreement's documents its page shows, the latest; the documents list has them all. */
const SHOWN_ON_AGREEMENT_PAGE = 10;

/**
 * The documents an owner's page lists, with how many the actor may read in all. An agreement's
 * page reads its latest ten and their count in SQL, by the rule a download applies
 * (pageDocuments): an agreement can hold hundreds, and reading them all (with, for a focal
 * point, a check per row of whether it may delete it) to show ten was the section's cost.
 * The caller has already read the agreement as this actor, so it is not checked again here.
 */
async function shownDocuments(c: Context<AppEnv>, ownerType: DocumentOwnerType, ownerId: string) {
  const { db, actor, lang } = c.var;
  if (ownerType === "agreement") {
    const { items, total } = await pageDocuments({
      db,
      actor,
      filter: { agreement: ownerId },
      lang,
      limit: SHOWN_ON_AGREEMENT_PAGE,
      offset: 0,
    });
    return { documents: items, total };
  }
  const rows = await listDocuments({ db, actor, ownerType, ownerId });
  const textStatuses = await textStatusesOf(
    db,
    rows.map((row) => row.sha256),
  );
  const documents = rows.map((row) => ({ ...row, textStatus: textStatuses.get(row.sha256) }));
  return { documents, total: documents.length };
}

/**
 * An owner's documents on its workspace page: the list (an agreement's latest, with a link to
 * all of them), and the upload form when the actor may add one.
 */
export async function ownerDocumentsSection(
  c: Context<AppEnv>,
  ownerType: DocumentOwnerType,
  ownerId: string,
) {
  const { db, actor, services, lang, t } = c.var;
  const [{ documents, total }, rights] = await Promise.all([
    shownDocuments(c, ownerType, ownerId),
    uploadRights({ db, actor, ownerType, ownerId }),
  ]);
  return (
    <>
      <DocumentList documents={documents} canManage={actor.tokenScope !== "read"} />
      {documents.length < total ? (
        <p>
          <a href={`${documentListPath(lang)}${addressQuery({ agreement: ownerId })}`}>
            {t("documents.list.seeAll", { count: total })}
          </a>
        </p>
      ) : null}
      {rights.allowed ? (
        <DocumentUploadForm
          ownerType={ownerType}
          ownerId={ownerId}
          maxBytes={services.uploadMaxBytes}
          allowPublic={rights.allowPublic}
        />
      ) : null}
    </>
  );
}

/**
 * What the portal lists of an agreement it has already shown as public: its public documents.
 * One query (the portal page checked the agreement itself), not the workspace's permission walk.
 */
export async function publicAgreementDocuments(
  c: Context<AppEnv>,
  agreementId: string,
): Promise<DocumentRow[]> {
  return c.var.db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.ownerType, "agreement"),
        eq(documents.ownerId, agreementId),
        eq(documents.visibility, "public"),
        isNull(documents.deletedAt),
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id));
}

export function PublicDocumentList({ items }: { items: DocumentRow[] }) {
  const { t } = usePage();
  if (!items.length) return null;
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t("documents.heading")}</h2>
      <ul>
        {items.map((doc) => (
          <li>
            <a href={`/documents/${doc.id}`} download={doc.fileName}>
              <Localized value={doc.title} />
            </a>{" "}
            <small>({t(`documents.kinds.${doc.kind}`)})</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
