/**
 * Which module may import which (ARCHITECTURE.md, "Dependencies"). Folders of src/ are
 * ordered in layers, lowest first; a module imports its own folder and folders of lower
 * layers, never a higher one, so no two folders can depend on each other. Modules in one
 * layer do not import each other either (list them in separate layers to allow one way).
 * Test files (*.test.ts, *.test-support.ts, *.route-rules.ts) follow the same rule, and may
 * also import test/. `npm run lint:deps` checks it; `npm test` runs it.
 */
const layers = [
  ["shared"],
  ["db"],
  ["domain"],
  ["access"],
  ["search"],
  ["reading"],
  ["web"],
  ["config.ts"],
  ["mail"],
  ["territories"],
  ["partners"],
  ["users"],
  ["tokens"],
  ["auth"],
  ["agreements"],
  ["documents"],
  ["activities"],
  ["indicators"],
  ["meetings"],
  ["translations"],
  ["audit"],
  ["progress"],
  ["alerts"],
  ["calendar"],
  ["portal"],
  ["spreadsheets"],
  ["imports"],
  ["backup"],
  ["reports"],
  ["opendata"],
  ["api"],
  ["workspace"],
  ["app.tsx"],
  ["cli"],
  ["main.ts"],
  ["security"],
];

// A top-level file (config.ts) is a layer of its own, with its test beside it.
const folder = (name) =>
  name.includes(".") ? `^src/${name.replace(/\.tsx?$/, "")}(\\.test)?\\.tsx?$` : `^src/${name}/`;
const testFile = "[./](test|test-support|route-rules)\\.tsx?$";

const layerRules = layers.flatMap((layer, index) => {
  const higher = layers.slice(index + 1).flat();
  const rules = [];
  if (higher.length)
    rules.push({
      name: `layer-${layer.join("-")}`,
      comment: `${layer.join(", ")} may not import a higher layer (${higher.join(", ")})`,
      severity: "error",
      from: { path: layer.map(folder) },
      to: { path: higher.map(folder) },
    });
  if (layer.length > 1)
    for (const name of layer)
      rules.push({
        name: `same-layer-${name}`,
        comment: `${name} may not import the other modules of its layer`,
        severity: "error",
        from: { path: folder(name) },
        to: { path: layer.filter((other) => other !== name).map(folder) },
      });
  return rules;
});

const known = new Set(layers.flat());

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "folder-in-a-layer",
      comment: "every folder and top-level file of src/ has a place in the layers of .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^src/", pathNot: [...known].map(folder) },
      to: {},
    },
    {
      name: "no-circular",
      comment: "modules may not import each other, directly or through others",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "test-helpers-only-in-tests",
      comment: "test/ is for tests: application code never imports it",
      severity: "error",
      from: { path: "^src/", pathNot: testFile },
      to: { path: "^test/" },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for the cruiser, so Babel reads TS and TSX.
    babelConfig: { fileName: "depcruise.babel.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
