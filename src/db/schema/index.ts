export * from "./agreements.js";
export * from "./alerts.js";
export * from "./audit.js";
export * from "./auth.js";
export * from "./documents.js";
export * from "./followup.js";
export * from "./organizations.js";
export * from "./territories.js";
