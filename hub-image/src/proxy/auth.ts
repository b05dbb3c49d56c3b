/** The API token check: `Authorization: token <t>`, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";

const TOKEN_RE = /token\s+(\S+)/;

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** A checker for one token; with no token every request is allowed (CHP's behaviour). */
export function tokenChecker(
  token: string | undefined,
): (authorization: string | undefined) => boolean {
  if (token === undefined) return () => true;
  const want = digest(token);
  return (authorization) => {
    const m = authorization === undefined ? null : TOKEN_RE.exec(authorization);
    const given = m?.[1];
    // Hash both sides so the comparison takes the same time whatever the lengths.
    return timingSafeEqual(digest(given ?? ""), want) && given !== undefined;
  };
}
