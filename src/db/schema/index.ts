export * from "./agreements.js";
export * from "./audit.js";
export * from "./organizations.js";
export * from "./territories.js";
