import { z } from "zod";
import { documentKinds, documentTextStatuses, visibilities } from "../db/schema/index.js";
import { optionalLocalizedTextSchema, searchBoxText } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";

/** What a document may be attached to. */
export const documentOwnerTypes = ["agreement", "organization"] as const;
export type DocumentOwnerType = (typeof documentOwnerTypes)[number];

/**
 * The types accepted, as detected from the content (never from the name or the browser's
 * claim): media type → the extensions a name of that type may end with, the first one
 * being the one added when the name says otherwise.
 */
export const allowedMediaTypes: Record<string, { label: string; extensions: string[] }> = {
  "application/pdf": { label: "PDF", extensions: ["pdf"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    label: "DOCX",
    extensions: ["docx"],
  },
  "application/vnd.oasis.opendocument.text": { label: "ODT", extensions: ["odt"] },
  "image/png": { label: "PNG", extensions: ["png"] },
  "image/jpeg": { label: "JPEG", extensions: ["jpg", "jpeg"] },
  "image/webp": { label: "WebP", extensions: ["webp"] },
};

/** For the file input's `accept` attribute: extensions and media types. */
export const acceptAttribute = [
  ...Object.values(allowedMediaTypes).flatMap((type) => type.extensions.map((ext) => `.${ext}`)),
  ...Object.keys(allowedMediaTypes),
].join(",");

export const MAX_FILE_NAME_LENGTH = 200;
export const MAX_TITLE_LENGTH = 300;

export const documentInputSchema = z
  .object({
    ownerType: z.enum(documentOwnerTypes),
    ownerId: z.uuid(),
    kind: z.enum(documentKinds),
    /** may be empty: the service then names the document after its file */
    title: optionalLocalizedTextSchema(MAX_TITLE_LENGTH).default({}),
    visibility: z.enum(visibilities).default("internal"),
  })
  .strict();
export type DocumentInput = z.input<typeof documentInputSchema>;

export const documentVisibilitySchema = z
  .object({
    visibility: z.enum(visibilities),
    version: z.coerce.number().int().min(1),
  })
  .strict();

/** The orders of the workspace's documents list; the newest first unless asked. */
export const documentSorts = ["newest", "oldest", "title", "size"] as const;
export type DocumentSort = (typeof documentSorts)[number];

/** The workspace's documents list: its filters, order and page, as the address gives them. */
export const documentListQuery = z.object({
  q: z.preprocess(blankToUndefined, searchBoxText(200).optional()),
  owner: z.preprocess(blankToUndefined, z.enum(documentOwnerTypes).optional()),
  /** one agreement's documents (its page links here when it has more than it shows) */
  agreement: z.preprocess(blankToUndefined, z.uuid("must be an agreement id").optional()),
  kind: z.preprocess(blankToUndefined, z.enum(documentKinds).optional()),
  visibility: z.preprocess(blankToUndefined, z.enum(visibilities).optional()),
  text: z.preprocess(blankToUndefined, z.enum(documentTextStatuses).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(documentSorts).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type DocumentListFilter = Omit<z.output<typeof documentListQuery>, "page">;
