import type { Context } from "hono";
import { anonymous } from "../shared/actor.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { uploadRights } from "./documents.policy.js";
import type { DocumentOwnerType } from "./documents.schema.js";
import { type DocumentListItem, listDocuments } from "./documents.service.js";
import { DocumentList, DocumentUploadForm } from "./documents.views.js";

/** An owner's documents on its workspace page: the list, and the upload form when the actor may add one. */
export async function ownerDocumentsSection(
  c: Context<AppEnv>,
  ownerType: DocumentOwnerType,
  ownerId: string,
) {
  const { db, actor, lang, t, services } = c.var;
  const [documents, rights] = await Promise.all([
    listDocuments({ db, actor, ownerType, ownerId }),
    uploadRights({ db, actor, ownerType, ownerId }),
  ]);
  return (
    <>
      <DocumentList lang={lang} t={t} documents={documents} canManage={actor.tokenScope !== "read"} />
      {rights.allowed ? (
        <DocumentUploadForm
          lang={lang}
          t={t}
          ownerType={ownerType}
          ownerId={ownerId}
          maxBytes={services.uploadMaxBytes}
          allowPublic={rights.allowPublic}
        />
      ) : null}
    </>
  );
}

/** What the portal lists of an agreement's documents: the public ones, as the public sees them. */
export function publicAgreementDocuments(
  c: Context<AppEnv>,
  agreementId: string,
): Promise<DocumentListItem[]> {
  return listDocuments({ db: c.var.db, actor: anonymous, ownerType: "agreement", ownerId: agreementId });
}

export function PublicDocumentList({
  lang,
  t,
  documents,
}: {
  lang: Language;
  t: Translate;
  documents: DocumentListItem[];
}) {
  if (!documents.length) return null;
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t("documents.heading")}</h2>
      <ul>
        {documents.map((doc) => (
          <li>
            <a href={`/documents/${doc.id}`} download={doc.fileName}>
              <Localized value={doc.title} lang={lang} t={t} />
            </a>{" "}
            <small>({t(`documents.kinds.${doc.kind}`)})</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
