/** The HTTP → HTTPS redirect listener (`--redirect-port`, `--redirect-to`), as CHP answers. */
import { createServer, type Server } from "node:http";
import { hostName } from "./headers.js";

export function createRedirectServer(toPort: number): Server {
  return createServer((req, res) => {
    const host = req.headers.host;
    if (host === undefined) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("This server requires a Host header");
      return;
    }
    const port = toPort === 443 ? "" : `:${String(toPort)}`;
    res.writeHead(301, {
      location: `https://${hostName(host)}${port}${req.url ?? "/"}`,
      "content-length": 0,
    });
    res.end();
  });
}
