import { type Context, Hono } from "hono";
import { type DocumentKind, documentKinds, type Visibility, visibilities } from "../db/schema/index.js";
import { anonymous } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed, FormErrors, localizedField, textField } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { isTooLargeError } from "./documents.files.js";
import { downloadResponse, idParam, readForm, uploadedFile } from "./documents.http.js";
import type { DocumentOwnerType } from "./documents.input.js";
import { assertCanDelete, assertMayUploadSomewhere, uploadRights } from "./documents.policy.js";
import {
  deleteDocument,
  getDocument,
  getDocumentFile,
  setDocumentVisibility,
  uploadDocument,
} from "./documents.service.js";
import {
  DocumentUploadForm,
  localizeDocumentError,
  ownerWorkspacePath,
  type UploadFormValues,
} from "./documents.views.js";

export { documentApiRoutes } from "./documents.api.js";

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;

const backLabel = (ownerType: string) =>
  ownerType === "organization" ? "documents.backToOrganization" : "documents.backToAgreement";

/** The refused upload again: what was wrong, the form with what was typed, and the way back. */
async function renderUploadError(
  c: Context<AppEnv>,
  {
    ownerType,
    ownerId,
    error,
    values,
  }: { ownerType: DocumentOwnerType; ownerId: string; error: AppError; values: UploadFormValues },
) {
  const { db, actor, lang, t, services } = c.var;
  const rights = await uploadRights({ db, actor, ownerType, ownerId });
  const back = ownerWorkspacePath(lang, ownerType, ownerId);
  return renderWorkspace(c, {
    title: t("documents.uploadFailed"),
    section: ownerType === "organization" ? "organizations" : "agreements",
    status: isTooLargeError(error) ? 413 : 400,
    children: (
      <section>
        <h1>{t("documents.uploadFailed")}</h1>
        <DocumentUploadForm
          ownerType={ownerType}
          ownerId={ownerId}
          maxBytes={services.uploadMaxBytes}
          allowPublic={rights.allowPublic}
          values={values}
          error={localizeDocumentError(error, t)}
        />
        <p>
          <a href={back}>{t(backLabel(ownerType))}</a>
        </p>
      </section>
    ),
  });
}

/** A refused change to an existing document (a stale version, a bad value): said, with the way back. */
function renderChangeError(c: Context<AppEnv>, error: AppError, back: string, ownerType: string) {
  const { t } = c.var;
  return renderWorkspace(c, {
    title: t("documents.changeFailed"),
    section: ownerType === "organization" ? "organizations" : "agreements",
    status: error.httpStatus,
    children: (
      <section>
        <h1>{t("documents.changeFailed")}</h1>
        <FormErrors error={localizeDocumentError(error, t)} />
        <p>
          <a href={back}>{t(backLabel(ownerType))}</a>
        </p>
      </section>
    ),
  });
}

function uploadRoute(ownerType: DocumentOwnerType) {
  return async (c: Context<AppEnv>) => {
    const { db, actor, lang, services } = c.var;
    const ownerId = idParam(c, ownerType === "agreement" ? "Agreement" : "Organization");
    assertMayUploadSomewhere(actor);
    const body = await readForm(c);
    const kind = textField(body, "kind");
    const visibility = textField(body, "visibility");
    const title: LocalizedText = localizedField(body, "title");
    const values: UploadFormValues = {
      kind: oneOf<DocumentKind>(documentKinds, kind),
      visibility: oneOf<Visibility>(visibilities, visibility),
      title,
    };
    return saveOrReshow(
      async () => {
        await uploadDocument({
          db,
          actor,
          uploadsDir: services.uploadsDir,
          maxBytes: services.uploadMaxBytes,
          // Unknown values go to the service as they came, so its refusal names them.
          input: {
            ownerType,
            ownerId,
            kind: kind as DocumentKind,
            title,
            visibility: visibility as Visibility,
          },
          file: await uploadedFile(body.file),
          lang,
        });
        return c.redirect(`${ownerWorkspacePath(lang, ownerType, ownerId)}?notice=document-uploaded`, 303);
      },
      { invalid: (error) => renderUploadError(c, { ownerType, ownerId, error, values }) },
    );
  };
}

/** Workspace pages for documents, under /{lang}/workspace (every path needs a signed-in person). */
export function documentWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post("/agreements/:id/documents", uploadRoute("agreement"));
  routes.post("/organizations/:id/documents", uploadRoute("organization"));

  routes.get("/documents/:id/download", async (c) => {
    const { db, actor, services } = c.var;
    const file = await getDocumentFile({ db, actor, uploadsDir: services.uploadsDir, id: idParam(c) });
    return downloadResponse(c, file);
  });

  routes.get("/documents/:id/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    const row = await getDocument({ db, actor, id: idParam(c) });
    await assertCanDelete({ db, actor, row });
    return renderConfirmStep(c, {
      heading: t("undo.heading.document", { name: textOf(row.title, lang, row.fileName) }),
      consequences: [t("undo.goes.documentHidden")],
      restorable: true,
      action: `/${lang}/workspace/documents/${row.id}/delete`,
      cancelHref: ownerWorkspacePath(lang, row.ownerType, row.ownerId),
      confirmLabel: t("undo.confirm.delete"),
    });
  });

  routes.post("/documents/:id/delete", async (c) => {
    const { db, actor, lang } = c.var;
    const id = idParam(c);
    // Who may not delete it is refused before the form is read.
    await assertCanDelete({ db, actor, row: await getDocument({ db, actor, id }) });
    assertConfirmed(await readForm(c));
    const row = await deleteDocument({ db, actor, id });
    return c.redirect(`${ownerWorkspacePath(lang, row.ownerType, row.ownerId)}?notice=document-deleted`, 303);
  });

  routes.post("/documents/:id/visibility", async (c) => {
    const { db, actor, lang } = c.var;
    const id = idParam(c);
    const body = await readForm(c);
    try {
      const row = await setDocumentVisibility({
        db,
        actor,
        id,
        visibility: textField(body, "visibility") as Visibility,
        version: Number(textField(body, "version")),
      });
      return c.redirect(
        `${ownerWorkspacePath(lang, row.ownerType, row.ownerId)}?notice=document-visibility-changed`,
        303,
      );
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation" || error.code === "conflict")) {
        // Only someone who may read the document gets here with a conflict (else: not found).
        const row = await getDocument({ db, actor, id }).catch(() => undefined);
        const back = row ? ownerWorkspacePath(lang, row.ownerType, row.ownerId) : `/${lang}/workspace`;
        return renderChangeError(c, error, back, row?.ownerType ?? "agreement");
      }
      throw error;
    }
  });

  return routes;
}

/**
 * GET /documents/:id at the application's root: the public download of a public document of a
 * public agreement, as the anonymous public sees it whoever asks; 404 for everything else.
 */
export function documentPublicRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get("/documents/:id", async (c) => {
    const { db, services } = c.var;
    const file = await getDocumentFile({
      db,
      actor: anonymous,
      uploadsDir: services.uploadsDir,
      id: idParam(c),
    });
    return downloadResponse(c, file, { shared: true });
  });
  return routes;
}
