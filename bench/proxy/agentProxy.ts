/**
 * The comparison point for the upstream-pool choice: a minimal forwarder on `node:http` with a
 * tuned keep-alive `http.Agent` (256 sockets), no routing. hubstack-proxy uses undici pools;
 * this row shows what the `http.Agent` route would cost. Usage: node agentProxy.ts <port> <up>
 */
import { Agent, createServer, request } from "node:http";

const [port, upstream] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer"]);

createServer((req, res) => {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  const up = request(
    { host: "127.0.0.1", port: upstream, path: req.url, method: req.method, headers, agent },
    (ur) => {
      const out: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(ur.headers)) if (!HOP.has(k)) out[k] = v;
      res.writeHead(ur.statusCode ?? 502, out);
      ur.pipe(res);
    },
  );
  up.on("error", () => {
    if (!res.headersSent) res.writeHead(503);
    res.end();
  });
  req.pipe(up);
}).listen(port, "127.0.0.1");
