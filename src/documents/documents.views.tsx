import { agreementPaths } from "../agreements/agreements.paths.js";
import {
  type DocumentKind,
  type DocumentTextStatus,
  documentKinds,
  type Visibility,
} from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";
import { formatDateTime, formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, languages, textDirection, textOf } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom, marksOf } from "../web/field-errors.js";
import { Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { noticeText } from "../web/params.js";
import { workspacePath } from "../web/paths.js";
import { megabytes } from "../web/request-body.js";
import { fileReasons } from "./documents.files.js";
import {
  acceptAttribute,
  allowedMediaTypes,
  type DocumentOwnerType,
  MAX_TITLE_LENGTH,
} from "./documents.input.js";
import type { DocumentRow } from "./documents.presenter.js";

/** The owner's workspace page, where its documents are listed and added. */
export function ownerWorkspacePath(
  lang: Language,
  ownerType: DocumentOwnerType | string,
  ownerId: string,
): string {
  return ownerType === "organization"
    ? workspacePath(lang, `/organizations/${ownerId}`)
    : agreementPaths.workspace(lang, ownerId);
}

export const documentNoticeKeys: Record<string, string> = {
  "document-uploaded": "documents.notices.uploaded",
  "document-deleted": "documents.notices.deleted",
  "document-visibility-changed": "documents.notices.visibilityChanged",
};

/** The text of a `?notice=document-…` this module redirects with, for the owner's page to show. */
export function documentNotice(t: Translate, notice: string | undefined): string | undefined {
  return noticeText(t, notice, documentNoticeKeys);
}

const ownReasons = new Set<string>([...fileReasons, "staleVersion"]);

/**
 * The error with this module's reasons already said in the page's language, so FormErrors
 * (which looks reasons up under the shared `reasons.`) shows them as they are.
 */
export function localizeDocumentError(error: AppError, t: Translate): AppError {
  return new AppError(error.code, error.message, {
    issues: error.issues.map((issue) =>
      issue.reason && ownReasons.has(issue.reason)
        ? { field: issue.field, message: t(`documents.reasons.${issue.reason}`, { ...issue.values }) }
        : issue,
    ),
  });
}

function formatSize(lang: Language, bytes: number): string {
  if (bytes < 1024) return formatNumber(lang, bytes, { style: "unit", unit: "byte", unitDisplay: "short" });
  if (bytes < 1024 * 1024) {
    return formatNumber(lang, bytes / 1024, {
      style: "unit",
      unit: "kilobyte",
      unitDisplay: "short",
      maximumFractionDigits: 0,
    });
  }
  return formatNumber(lang, bytes / (1024 * 1024), {
    style: "unit",
    unit: "megabyte",
    unitDisplay: "short",
    maximumFractionDigits: 1,
  });
}

const typeLabel = (mediaType: string) => allowedMediaTypes[mediaType]?.label ?? mediaType;

type ListedDocument = DocumentRow & {
  canDelete?: boolean;
  canChangeVisibility?: boolean;
  /** what reading its text came to, when it was read (or is waiting) */
  textStatus?: DocumentTextStatus;
  /** what it is attached to, for a list of several owners' documents */
  owner?: { reference?: string; name?: LocalizedText };
};

/**
 * An owner's documents as a table. With `canManage`, the rows the actor may change get their
 * buttons (plain POST forms); listDocuments says per row what the actor may do.
 */
function DocumentTable({
  documents,
  canManage,
  showOwner = false,
}: {
  documents: ListedDocument[];
  canManage: boolean;
  /** a column naming each document's agreement or organisation, linked to its workspace page */
  showOwner?: boolean;
}) {
  const { lang, t } = usePage();
  if (documents.length === 0) return <p>{t("documents.none")}</p>;
  const base = `/${lang}/workspace/documents`;
  return (
    <table class="data documents">
      <caption class="visually-hidden">{t("documents.heading")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("documents.columns.title")}</th>
          {showOwner ? <th scope="col">{t("documents.columns.owner")}</th> : null}
          <th scope="col">{t("documents.columns.kind")}</th>
          <th scope="col">{t("documents.columns.size")}</th>
          <th scope="col">{t("documents.columns.type")}</th>
          <th scope="col">{t("documents.columns.visibility")}</th>
          <th scope="col">{t("documents.columns.uploadedAt")}</th>
          <th scope="col">{t("documents.columns.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((doc) => {
          const name = textOf(doc.title, lang);
          const canDelete = canManage && (doc.canDelete ?? true);
          const canChangeVisibility = canManage && (doc.canChangeVisibility ?? true);
          const target: Visibility = doc.visibility === "public" ? "internal" : "public";
          return (
            <tr>
              <td>
                <Localized value={doc.title} />
                <br />
                <small dir="auto">{doc.fileName}</small>
                {doc.textStatus && doc.textStatus !== "extracted" ? (
                  <>
                    <br />
                    <small class={`text-status text-${doc.textStatus}`}>
                      {t(`documents.text.${doc.textStatus}`)}
                    </small>
                  </>
                ) : null}
              </td>
              {showOwner ? (
                <td>
                  <a href={ownerWorkspacePath(lang, doc.ownerType, doc.ownerId)}>
                    {doc.owner?.reference ? (
                      <bdi>{doc.owner.reference}</bdi>
                    ) : (
                      <Localized value={doc.owner?.name} />
                    )}
                  </a>
                </td>
              ) : null}
              <td>{t(`documents.kinds.${doc.kind}`)}</td>
              <td class="number">{formatSize(lang, doc.sizeBytes)}</td>
              <td>{typeLabel(doc.mediaType)}</td>
              <td>{t(`visibility.${doc.visibility}`)}</td>
              <td>{formatDateTime(lang, doc.createdAt)}</td>
              <td>
                <div class="actions">
                  <a href={`${base}/${doc.id}/download`} download={doc.fileName}>
                    {t("documents.download")}
                    <span class="visually-hidden"> {name}</span>
                  </a>
                  {canChangeVisibility ? (
                    <form method="post" action={`${base}/${doc.id}/visibility`}>
                      <input type="hidden" name="visibility" value={target} />
                      <input type="hidden" name="version" value={String(doc.version)} />
                      <button type="submit" class="link-button">
                        {t(target === "public" ? "documents.makePublic" : "documents.makeInternal")}
                        <span class="visually-hidden"> {name}</span>
                      </button>
                    </form>
                  ) : null}
                  {canDelete ? (
                    <a href={`${base}/${doc.id}/delete`}>
                      {t("documents.delete")}
                      <span class="visually-hidden"> {name}</span>
                    </a>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export interface UploadFormValues {
  kind?: DocumentKind;
  title?: LocalizedText;
  visibility?: Visibility;
}

/**
 * The form adding a document to an owner: works without JavaScript (multipart POST, then a
 * redirect back). `maxBytes` is the configured limit (c.var.services.uploadMaxBytes), stated
 * next to the file input; `allowPublic` is false for partner focal points (internal only).
 */
export function DocumentUploadForm({
  ownerType,
  ownerId,
  maxBytes,
  allowPublic = true,
  values = {},
  error,
}: {
  ownerType: DocumentOwnerType;
  ownerId: string;
  maxBytes: number;
  allowPublic?: boolean;
  values?: UploadFormValues;
  /** the refused upload's error (its reasons already said: localizeDocumentError) */
  error?: AppError;
}) {
  const { lang, t } = usePage();
  const id = (name: string) => `document-${ownerId}-${name}`;
  const visibility = allowPublic ? (values.visibility ?? "internal") : "internal";
  // The form labels the kind « Nature du document », not the catalogue's « type »: its errors name it as the label does.
  const errors = fieldErrorsFrom(error, t, {
    idOf: (name) => id(name.replace(".", "-")),
    fieldNames: { kind: t("documents.upload.kind") },
  });
  const marks = (name: string, hint?: string) => marksOf(errors, name, hint);
  return (
    <FieldErrorsScope errors={errors}>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={`${ownerWorkspacePath(lang, ownerType, ownerId)}/documents`}
        enctype="multipart/form-data"
        class="stacked document-upload"
      >
        <fieldset>
          <legend>{t("documents.upload.legend")}</legend>
          <div class="field">
            <label for={id("file")}>{t("documents.upload.file")}</label>
            <input
              id={id("file")}
              name="file"
              type="file"
              required
              accept={acceptAttribute}
              {...marks("file", id("file-hint")).attrs}
            />
            <p id={id("file-hint")} class="hint">
              {t("documents.upload.fileHint", { maxMb: formatNumber(lang, megabytes(maxBytes)) })}
            </p>
            {marks("file").note}
          </div>
          <Select
            id={id("kind")}
            name="kind"
            label={t("documents.upload.kind")}
            required
            value={values.kind ?? "signed_agreement"}
            options={documentKinds.map((kind) => ({ value: kind, label: t(`documents.kinds.${kind}`) }))}
          />
          {/* Ids prefixed by the owner: the page may hold other forms with a "title" of their own. */}
          <fieldset
            class="localized"
            id={id("title")}
            aria-describedby={marks("title").attrs["aria-describedby"]}
          >
            <legend>{t("documents.upload.title")}</legend>
            {marks("title").note}
            {languages.map((language) => (
              <div class="localized-field">
                <label for={id(`title-${language}`)}>{t(`languageNames.${language}`)}</label>
                <input
                  id={id(`title-${language}`)}
                  name={`title.${language}`}
                  lang={language}
                  dir={textDirection(language)}
                  value={values.title?.[language] ?? ""}
                  maxlength={MAX_TITLE_LENGTH}
                  {...marks(`title.${language}`).attrs}
                />
                {marks(`title.${language}`).note}
              </div>
            ))}
          </fieldset>
          {allowPublic ? (
            <Select
              id={id("visibility")}
              name="visibility"
              label={t("documents.upload.visibility")}
              value={visibility}
              options={(["internal", "public"] as const).map((option) => ({
                value: option,
                label: t(`visibility.${option}`),
              }))}
            />
          ) : (
            <p>
              <input type="hidden" name="visibility" value="internal" />
              {t("documents.upload.internalOnly")}
            </p>
          )}
          <button type="submit" class="button">
            {t("documents.upload.submit")}
          </button>
        </fieldset>
      </form>
    </FieldErrorsScope>
  );
}

/** DocumentList, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
export function DocumentList(props: Parameters<typeof DocumentTable>[0]) {
  const { t } = usePage();
  if (!props.documents.length) return <DocumentTable {...props} />;
  return (
    <TableScroll label={t("documents.heading")}>
      <DocumentTable {...props} />
    </TableScroll>
  );
}
