#!/usr/bin/env node
// The installed command. It runs the compiled application (dist/, made by scripts/build.mjs on
// `npm install` and before `npm start`) when that build is of the current sources. Otherwise,
// after an edit or without a build, it runs the sources through tsx, slower to start but never
// stale; it never builds itself, so it writes nothing where it is installed.
import { buildIsCurrent } from "../scripts/build.mjs";

if (buildIsCurrent()) {
  await import("../dist/main.js");
} else {
  process.stderr.write(
    "sharaka: dist/ is not a build of the current sources (npm run build makes one); running them through tsx\n",
  );
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
