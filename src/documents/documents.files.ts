import { AppError } from "../shared/errors.js";
import { megabytes } from "../web/request-body.js";
import { allowedMediaTypes, MAX_FILE_NAME_LENGTH } from "./documents.input.js";

/**
 * Checks on an uploaded file, before anything is stored. Each refusal is a validation error
 * on the field `file` with a reason under `documents.reasons.` in the catalogues.
 */
export type FileReason =
  | "fileRequired"
  | "fileEmpty"
  | "fileTooLarge"
  | "fileTypeNotAllowed"
  | "fileNameInvalid"
  | "fileNameTooLong";

export const fileReasons: readonly FileReason[] = [
  "fileRequired",
  "fileEmpty",
  "fileTooLarge",
  "fileTypeNotAllowed",
  "fileNameInvalid",
  "fileNameTooLong",
];

export function fileError(reason: FileReason, message: string, values?: Record<string, string | number>) {
  return new AppError("validation", `file: ${message}`, {
    issues: [{ field: "file", message, reason, values }],
  });
}

/** The limit as people read it: 25, 0.5, 1.25 (MB of 1024 × 1024 bytes). */

export function tooLargeError(maxBytes: number): AppError {
  const maxMb = megabytes(maxBytes);
  return fileError("fileTooLarge", `is larger than the limit of ${maxMb} MB`, { maxMb });
}

export const isTooLargeError = (error: unknown): boolean =>
  error instanceof AppError && error.issues.some((issue) => issue.reason === "fileTooLarge");

// Control characters, and direction marks and overrides that can make "fdp.exe" read as "exe.pdf".
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const forbiddenInName = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * The name to keep: NFC, trimmed, at most 200 characters. A name with a path in it ("..",
 * "/", "\"), control or direction characters is refused rather than repaired, since it can
 * only come from a crafted request. The name is only ever shown and sent back on download.
 */
export function cleanFileName(raw: string): string | undefined {
  const name = raw.normalize("NFC").trim();
  if (name === "") return undefined;
  if (name.includes("..") || name.includes("/") || name.includes("\\") || forbiddenInName.test(name)) {
    throw fileError(
      "fileNameInvalid",
      "has a name with a path or with control or direction characters; rename the file",
    );
  }
  if ([...name].length > MAX_FILE_NAME_LENGTH) {
    throw fileError("fileNameTooLong", `has a name longer than ${MAX_FILE_NAME_LENGTH} characters`, {
      max: MAX_FILE_NAME_LENGTH,
    });
  }
  return name;
}

export interface CheckedFile {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** Presence, size, name and type (read from the content); throws the first refusal. */
export async function checkUploadedFile(
  file: { name: string; bytes: Uint8Array } | undefined,
  maxBytes: number,
): Promise<CheckedFile> {
  if (!file) throw fileError("fileRequired", "is required");
  if (file.bytes.byteLength === 0) throw fileError("fileEmpty", "is empty");
  if (file.bytes.byteLength > maxBytes) throw tooLargeError(maxBytes);
  const cleaned = cleanFileName(file.name);
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = await fileTypeFromBuffer(file.bytes);
  const type = detected ? allowedMediaTypes[detected.mime] : undefined;
  if (!detected || !type) {
    throw fileError(
      "fileTypeNotAllowed",
      "is not of an accepted type (PDF, DOCX, ODT, PNG, JPEG or WebP), judging by its content",
    );
  }
  const [preferred] = type.extensions;
  let fileName = cleaned ?? `document.${preferred}`;
  // The name says what the content is: "scan.pdf" holding a JPEG is sent back as "scan.pdf.jpg".
  const extension = fileName.includes(".") ? fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase() : "";
  if (!type.extensions.includes(extension)) fileName = `${fileName}.${preferred}`;
  return { fileName, mediaType: detected.mime, bytes: file.bytes };
}

/** The name without its extension, as a default title. */
export function titleFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const base = (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[_]+/g, " ").trim();
  return base || fileName;
}
