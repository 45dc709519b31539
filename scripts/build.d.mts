/** scripts/build.mjs, for the TypeScript that calls it (test/global-setup.ts). */
export function buildIsCurrent(): boolean;
export function build(): Promise<{ files: number; ms: number }>;
