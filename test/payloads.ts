/** The classics a hostile or careless person types into a text field. */
export const markupPayloads = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE agreements; --",
  "javascript:alert(1)",
] as const;

/** Text that must be refused, each with the reason the field names. */
export const refusedPayloads = {
  /** a right-to-left override hides what a text really says */
  rtlOverride: "Convention \u202Egnp.exe",
  whitespaceOnly: "   \t  ",
  empty: "",
  tenThousand: "x".repeat(10_000),
} as const;
