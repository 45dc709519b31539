/**
 * The one error model. Services throw AppError; `handleError` in src/web/errors.tsx maps it
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
  | "service_unavailable"
  | "payload_too_large"
  | "rate_limited"
  | "usage";

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `limit` or `objectives.2.text` */
  field: string;
  message: string;
  /** a key under `reasons.` in the catalogues, so a page can say the reason in its language */
  reason?: string;
  /** values the reason's text needs, e.g. { max: 300 } */
  values?: Record<string, string | number>;
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
  service_unavailable: 503,
  payload_too_large: 413,
  rate_limited: 429,
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

/** PostgreSQL's own refusals that a concurrent write can cause despite the services' checks. */
const databaseConflicts: Record<string, string> = {
  "23505": "Another change saved a record with the same key at the same moment; reload and try again",
  "23503": "A record this one refers to was changed at the same moment; reload and try again",
  "40001": "Another change touched the same records at the same moment; try again",
  "40P01": "Another change touched the same records at the same moment; try again",
};

/**
 * The AppError an error stands for: itself, or a database conflict (found on the error or on
 * the cause an ORM wrapped it in). Undefined for an unexpected error, which is a bug to log.
 */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && databaseConflicts[code]) {
      return new AppError("conflict", databaseConflicts[code], { cause: error });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One validation error naming every issue found, as a form shows them all at once. */
export function validationError(issues: FieldIssue[]): AppError {
  return new AppError("validation", issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), {
    issues,
  });
}

export function notFound(what: string, id: string | number): AppError {
  return new AppError("not_found", `${what} ${id} was not found`);
}

/**
 * A save made over a version older than the stored one: refused, nothing written. The page
 * shows both versions; a script reloads and applies its change again.
 */
export function staleVersionError(what: string, given: number, stored: number): AppError {
  return new AppError(
    "conflict",
    `${what} was changed by someone else (now version ${stored}, yours ${given})`,
    {
      issues: [
        {
          field: "version",
          message: `is ${given}, but the record is now at version ${stored}; reload it and apply your changes again`,
          reason: "staleVersion",
          values: { given, stored },
        },
      ],
    },
  );
}

/**
 * Refuses a save or a delete made over another version than the stored one (`staleVersionError`).
 * A version not given is not checked: a delete that does not say which version it saw.
 */
export function assertSameVersion(what: string, given: number | undefined, stored: number): void {
  if (given !== undefined && given !== stored) throw staleVersionError(what, given, stored);
}

/**
 * Refuses an actor what it asked: "unauthenticated" for the anonymous (signing in may help),
 * "forbidden" for anyone else. Every policy refuses through it.
 */
export function refuse(actor: { role: string }, message: string): never {
  throw new AppError(actor.role === "anonymous" ? "unauthenticated" : "forbidden", message);
}
