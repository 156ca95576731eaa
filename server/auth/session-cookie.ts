// Whether a request carries better-auth's session cookie at all (`better-auth.session_token`, or its
// `__Secure-` form on https). Reads no database and checks no signature: it only tells an anonymous
// visitor apart, for whom the header and the public pages render the same for everyone (so those can
// be served from a response cache). A present cookie is then checked properly by getSessionUser.
import { getSessionCookie } from "better-auth/cookies";

export function hasSessionCookie(headers: Headers): boolean {
  return getSessionCookie(headers) !== null;
}
