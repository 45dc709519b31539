import { build, buildIsCurrent } from "../scripts/build.mjs";

/**
 * The tests that start the installed command (command-line, process and browser tests) run
 * dist/ when it is current, and the sources through tsx, seconds slower per process, when not:
 * build it first if a source changed since.
 */
export default async function buildIfStale(): Promise<void> {
  if (!buildIsCurrent()) await build();
}
