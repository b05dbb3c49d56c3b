/**
 * A minimal forwarder on `node:http` with an undici `Pool` (the same undici as hub-image), no
 * routing, no header policy, no activity, no metrics: the ceiling of hubstack-proxy's full path,
 * which takes the requests its raw-socket fast path hands over. Usage: node undiciProxy.ts
 * <port> <upstream port>
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

type PoolCtor = typeof import("undici").Pool;
type Method = Parameters<InstanceType<PoolCtor>["request"]>[0]["method"];
// run directly by node (this file's path is argv[1]): <root>/bench/proxy/undiciProxy.ts
const hubImage = join(resolve(process.argv[1] ?? "", "../../.."), "hub-image/package.json");
const { Pool } = createRequire(hubImage)("undici") as { Pool: PoolCtor };

const [port, upstream] = process.argv.slice(2).map(Number);
const pool = new Pool(`http://127.0.0.1:${String(upstream)}`, { connections: 128 });
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer"]);

createServer((req, res) => {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  const body = req.headers["content-length"] === undefined ? null : req;
  pool.request(
    { path: req.url ?? "/", method: (req.method ?? "GET") as Method, headers, body },
    (err, r) => {
      if (err !== null) {
        res.writeHead(503);
        res.end();
        return;
      }
      const out: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(r.headers)) if (!HOP.has(k)) out[k] = v;
      res.writeHead(r.statusCode, out);
      r.body.pipe(res);
    },
  );
}).listen(port, "127.0.0.1");
