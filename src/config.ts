import path from "node:path";
import { z } from "zod";
import { AppError } from "./shared/errors.js";
import { parseProxyEntry } from "./web/client-address.js";

const splitList = (value: string) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Addresses or CIDR ranges separated by commas. */
const addressListSetting = z
  .string()
  .refine(
    (value) => splitList(value).every((entry) => parseProxyEntry(entry) !== undefined),
    "must be addresses or CIDR ranges separated by commas, e.g. 10.0.0.0/8,::1",
  );

/** The most processes `sharaka serve` runs (WORKERS, --workers): beyond a few per core they only compete. */
export const MAX_WORKERS = 64;

/** The only place that reads process.env. */
const environmentSchema = z.object({
  SHARAKA_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** processes `sharaka serve` runs when --workers is not given (0: one per core; more than 1 needs DATABASE_URL) */
  WORKERS: z.coerce.number().int().min(0).max(MAX_WORKERS).default(1),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** signs session cookies; required with DATABASE_URL (every process must share it) */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    // The mail transport is made with the first email: a malformed address is refused at start.
    .refine((value) => URL.canParse(value), "is not a valid URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Sharaka <no-reply@localhost>"),
  /** when (Casablanca time) a serving process runs the day's alerts, or "off" */
  ALERTS_DAILY_AT: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'must be a time of day such as 07:00, or "off"')
    .default("07:00"),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** sign-in attempts a client may make per minute */
  SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
  UPLOAD_MAX_MB: z.coerce.number().min(0.01).max(1024).default(25),
  /** the largest form or JSON body (every route but uploads), in KB */
  BODY_MAX_KB: z.coerce.number().int().min(1).max(102400).default(1024),
  /** how long a stopping server lets its requests in flight finish, in seconds */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  /** the largest file `sharaka import` reads, in MB */
  IMPORT_MAX_MB: z.coerce.number().min(1).max(65536).default(1024),
  /**
   * spreadsheet exports a serving process makes at once (the filtered catalogue's and workspace's,
   * and each open-data file's first making per registry change); more are answered 503
   */
  EXPORT_BUILDS: z.coerce.number().int().min(0).max(64).default(2),
  /** memory for public answers kept between writes, in MB; 0 turns the cache off */
  PUBLIC_CACHE_MB: z.coerce.number().min(0).max(65536).default(64),
  /**
   * The association's IATI organisation identifier (org-id.guide: a registration agency prefix,
   * a hyphen, its number there): names it as the publisher of the IATI open data, which is
   * offered only once it is set.
   */
  IATI_ORGANISATION_ID: z
    .string()
    .trim()
    .regex(
      /^[A-Z]{2}-[A-Za-z0-9]+(-[A-Za-z0-9._]+)+$/,
      "must be an IATI organisation identifier, e.g. MA-RC-123456",
    )
    .optional(),
  /** comma-separated addresses or CIDR ranges that may read /metrics (loopback by default) */
  METRICS_ALLOW: addressListSetting.default("127.0.0.1,::1"),
  /** comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed */
  TRUSTED_PROXIES: addressListSetting.optional(),
});

export type Config = {
  dataDir: string;
  databaseUrl?: string;
  port: number;
  host: string;
  /** serving processes asked for (0: one per core); `--workers` overrides it */
  workers: number;
  publicUrl?: string;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  authSecret?: string;
  smtpUrl?: string;
  mailFrom: string;
  /** "HH:MM" in Casablanca, or null when serving processes do not run the alerts */
  alertsDailyAt: string | null;
  sessionDays: number;
  signInPerMinute: number;
  uploadMaxBytes: number;
  bodyMaxBytes: number;
  trustedProxies: string[];
  /** who may read /metrics */
  metricsAllow: string[];
  publicCacheBytes: number;
  exportBuilds: number;
  importMaxBytes: number;
  shutdownGraceMs: number;
  iatiOrganisationId?: string;
};

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value]),
  );
  const parsed = environmentSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: issue.path.join("."),
      message: issue.message,
    }));
    throw new AppError(
      "usage",
      `Invalid environment: ${issues.map((i) => `${i.field} ${i.message}`).join("; ")}`,
      { issues },
    );
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.SHARAKA_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    workers: e.WORKERS,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    authSecret: e.AUTH_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    alertsDailyAt: e.ALERTS_DAILY_AT === "off" ? null : e.ALERTS_DAILY_AT,
    sessionDays: e.SESSION_DAYS,
    signInPerMinute: e.SIGN_IN_PER_MINUTE,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    bodyMaxBytes: e.BODY_MAX_KB * 1024,
    trustedProxies: splitList(e.TRUSTED_PROXIES ?? ""),
    metricsAllow: splitList(e.METRICS_ALLOW),
    publicCacheBytes: Math.round(e.PUBLIC_CACHE_MB * 1024 * 1024),
    exportBuilds: e.EXPORT_BUILDS,
    importMaxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024),
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
    iatiOrganisationId: e.IATI_ORGANISATION_ID,
  };
}
