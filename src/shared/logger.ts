type Level = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold: Level = "info";
export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Plain lines on stderr; never pass secrets here. */
function write(level: Exclude<Level, "silent">, message: string, extra?: unknown): void {
  if (order[level] < order[threshold]) return;
  const suffix =
    extra === undefined
      ? ""
      : ` ${extra instanceof Error ? (extra.stack ?? extra.message) : JSON.stringify(extra)}`;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${suffix}\n`);
}

export const logger = {
  debug: (message: string, extra?: unknown) => write("debug", message, extra),
  info: (message: string, extra?: unknown) => write("info", message, extra),
  warn: (message: string, extra?: unknown) => write("warn", message, extra),
  error: (message: string, extra?: unknown) => write("error", message, extra),
};
