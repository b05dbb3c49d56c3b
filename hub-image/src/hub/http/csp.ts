/**
 * The hub's Content-Security-Policy: pages load only the hub's own hashed assets (no inline
 * script or style, no framing); API answers load nothing. Violations are reported to the hub.
 */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The policy for a page (`kind: "page"`) or an API answer under `base` (the hub's base_url). */
export function contentSecurityPolicy(base: string, kind: "page" | "api"): string {
  return `${kind === "api" ? API_CSP : PAGE_CSP}; report-uri ${base}hub/security/csp-report`;
}
