/** The bundled error pages (CHP's wording), used without `--error-target`/`--error-path`. */
const TITLES: Record<number, [string, string]> = {
  400: ["Bad Request", "The request could not be understood by the proxy."],
  404: ["Not Found", "No service is registered at this URL."],
  503: ["Proxy Target Missing", "The upstream service is unavailable."],
  504: ["Proxy Target Timeout", "The upstream service did not answer in time."],
};

/** A small self-contained HTML page for `code`. */
export function builtinPage(code: number): string {
  const [title, text] = TITLES[code] ?? ["Proxy Error", "The proxy could not handle this request."];
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${code}: ${title}</title>
<style>body{font-family:sans-serif;margin:4em auto;max-width:40em;color:#333}</style></head>
<body><h1>${code}: ${title}</h1><p>${text}</p></body>
</html>
`;
}
