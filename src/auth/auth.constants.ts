/** Constants of sign-in and password links, shared by the auth module and the account services. */
export const AUTH_BASE_PATH = "/api/auth";
/** how long a password link (reset or first sign-in) stays valid */
export const PASSWORD_LINK_SECONDS = 24 * 60 * 60;
export const MIN_PASSWORD_LENGTH = 10;
