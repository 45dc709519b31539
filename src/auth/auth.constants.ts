/** Where better-auth's router is mounted. */
export const AUTH_BASE_PATH = "/api/auth";
