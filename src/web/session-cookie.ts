/** better-auth's session cookie (cookiePrefix "sharaka"; `__Secure-` over HTTPS). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?sharaka\.session_token=/;

/**
 * Whether a Cookie header carries a session: the actor middleware then asks better-auth who it
 * is, and the public cache neither answers nor keeps the request.
 */
export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return SESSION_COOKIE.test(cookieHeader ?? "");
}
