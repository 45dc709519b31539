#!/usr/bin/env node
// Runs the TypeScript sources directly (Node 20 has no type stripping), so that the
// installed command and `npm start` run the very same code.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
