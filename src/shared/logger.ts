import { writeSync } from "node:fs";
import pino from "pino";

type Level = "debug" | "info" | "warn" | "error" | "silent";

/** Where lines go: stderr, written synchronously so a line is out before a command exits. */
let writeLine: (line: string) => void = (line) => {
  writeSync(2, line);
};

/**
 * One JSON object per line on stderr (pino): `{"level":"info","time":"…","msg":"…", …fields}`,
 * which log collectors read without a parser of ours. Never pass secrets here.
 */
const base = pino(
  {
    level: "info",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  { write: (line: string) => writeLine(line) },
);

/** The lines logged until `stop` (for a test that reads the log), at `level` or above. */
export function captureLog(level: Level = "info"): {
  lines: () => Record<string, unknown>[];
  stop: () => void;
} {
  const captured: string[] = [];
  const previous = { writeLine, level: base.level };
  writeLine = (line) => captured.push(line);
  base.level = level;
  return {
    lines: () => captured.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      writeLine = previous.writeLine;
      base.level = previous.level;
    },
  };
}

/** From now on, every line names this process (`pid`): for processes that share one standard error. */
export function logProcessId(): void {
  base.setBindings({ pid: process.pid });
}

export function setLogLevel(level: Level): void {
  base.level = level;
}

/** The fields of a log line: an Error is written with its stack, anything else as given. */
function fieldsOf(extra: unknown): Record<string, unknown> {
  if (extra === undefined) return {};
  if (extra instanceof Error) return { err: { message: extra.message, stack: extra.stack } };
  if (typeof extra === "object" && extra !== null && !Array.isArray(extra)) {
    const fields = { ...(extra as Record<string, unknown>) };
    if (fields.error instanceof Error)
      fields.error = { message: fields.error.message, stack: fields.error.stack };
    return fields;
  }
  return { detail: extra };
}

/** A line at `level`, its fields built only when that level is written (the request line is on every request). */
const at =
  (level: Exclude<Level, "silent">) =>
  (message: string, extra?: unknown): void => {
    if (base.isLevelEnabled(level)) base[level](fieldsOf(extra), message);
  };

export const logger = {
  debug: at("debug"),
  info: at("info"),
  warn: at("warn"),
  error: at("error"),
  /** Whether lines at `level` are written, for a caller whose fields cost something to gather. */
  enabled: (level: Exclude<Level, "silent">): boolean => base.isLevelEnabled(level),
};
