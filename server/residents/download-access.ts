// Names of the resident's downloads. (Who may download is the route edge's residentMember access,
// server/http/route-edge.ts: a signed-in user and a member id that is one of theirs.)

/** A file name safe for Content-Disposition: letters, digits, dot, dash. */
export const fileName = (...parts: string[]) => parts.join("-").replace(/[^A-Za-z0-9.-]/g, "_");
