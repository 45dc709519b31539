/**
 * How the command line ends. process.exit() drops whatever a pipe's reader has not taken yet:
 * `sharaka export --format json | gzip` kept the first 64 KiB of a 2 MB registry and exited 0.
 * So a command ends only once its standard output has reached the reader, and fails (exit 1)
 * when the reader went away before that (EPIPE), as a backup script must notice.
 */

let lostOutput: NodeJS.ErrnoException | undefined;

/** Keeps a reader that went away from crashing the process; the exit code reports it instead. */
export function watchOutput(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    lostOutput ??= error;
  });
  // There is nowhere left to report a failing standard error.
  process.stderr.on("error", () => {});
}

/** True once standard output's reader went away (EPIPE): what is still to write has nowhere to go. */
export const standardOutputLost = (): boolean => lostOutput !== undefined;

/**
 * Resolves once everything written to the stream before it has been handed over; an empty
 * write is queued behind the rest, and its callback gets the error of the stream if any.
 */
function written(stream: NodeJS.WriteStream): Promise<Error | null | undefined> {
  return new Promise((resolve) => {
    stream.write("", resolve);
  });
}

/** Ends the process with `code` once standard output and error are written (1 if output was lost). */
export async function exitWhenWritten(code: number): Promise<never> {
  let exitCode = code;
  const flushError = await written(process.stdout);
  // The first failure names the cause (EPIPE); writing to the stream it destroyed only says so.
  const error: NodeJS.ErrnoException | null | undefined = lostOutput ?? flushError;
  if (error) {
    const reason = error.code ?? error.message;
    process.stderr.write(
      `sharaka: the standard output was closed before everything was written (${reason})\n`,
    );
    if (exitCode === 0) exitCode = 1;
  }
  await written(process.stderr);
  process.exit(exitCode);
}
