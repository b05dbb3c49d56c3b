/**
 * The benchmark upstream, run as its own process: `GET` answers 1 KiB, websocket messages are
 * echoed. Usage: node upstreamServer.ts <port>
 */
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const body = Buffer.alloc(1024, "x");
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => {
    ws.send(data, { binary: isBinary });
  });
});
server.listen(Number(process.argv[2]), "127.0.0.1");
