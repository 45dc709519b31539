/**
 * The one error model. Services throw AppError; `toHttp` in src/web/errors.ts maps it
 * to a status and to an HTML page, an htmx fragment or a JSON body. The CLI prints
 * `message` and exits with `exitCode`.
 */
export type ErrorCode =
  | "validation"
  | "not_found"
  | "conflict"
  | "invalid_transition"
  | "forbidden"
  | "unauthenticated"
  | "data_locked"
  | "import_invalid"
  | "storage_unavailable"
  | "usage";

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `limit` or `objectives.2.text` */
  field: string;
  message: string;
}

const httpStatusByCode: Record<ErrorCode, number> = {
  validation: 400,
  usage: 400,
  import_invalid: 422,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  forbidden: 403,
  unauthenticated: 401,
  data_locked: 423,
  storage_unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  /** 1-based line of an input file the error is about, when there is one */
  readonly line?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { issues?: FieldIssue[]; line?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.line = options.line;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  /** CLI exit code: 2 for bad usage or input, 3 for a locked data folder, 1 otherwise */
  get exitCode(): number {
    if (this.code === "data_locked") return 3;
    if (this.code === "usage" || this.code === "validation" || this.code === "import_invalid") return 2;
    return 1;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export function notFound(what: string, id: string | number): AppError {
  return new AppError("not_found", `${what} ${id} was not found`);
}

export function validationError(field: string, message: string): AppError {
  return new AppError("validation", `${field}: ${message}`, { issues: [{ field, message }] });
}
