/** A job a serving process runs by itself: now, then every so often, never two runs at once. */
export interface PeriodicJob {
  /** stops the repeats, and waits for a run under way, so the database can close after it */
  stop: () => Promise<void>;
  /** runs now, or joins the run under way */
  tick: () => Promise<void>;
}

/**
 * Runs `run` at once and then every `every` milliseconds, one run at a time (a tick during a run
 * joins it); a failure goes to `onError` and the next tick tries again. The timer does not keep
 * the process alive.
 */
export function startPeriodicJob({
  run,
  every,
  onError,
}: {
  run: () => Promise<void>;
  every: number;
  onError: (error: unknown) => void;
}): PeriodicJob {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= run()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  void tick();
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
    tick,
  };
}
