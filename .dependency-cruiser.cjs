/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [],
  options: {
    // TypeScript 7 has no compiler API for the cruiser, so Babel reads TS and TSX.
    babelConfig: { fileName: "depcruise.babel.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
