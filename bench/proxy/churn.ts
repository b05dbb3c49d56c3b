/**
 * WebSocket connect/disconnect churn against a proxy, mixed with the failure paths behind CHP's
 * historical leaks (#557): upgrades to a dead target and upgrades answered with plain HTTP.
 * Reports how many sessions ran; the caller samples RSS before and after.
 */
import { connect } from "node:net";
import WebSocket from "ws";

function oneSession(port: number): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${String(port)}/user/churn/ws`, {
      perMessageDeflate: false,
    });
    const done = (): void => {
      ws.terminate();
      resolve();
    };
    ws.once("open", () => {
      ws.send("hello");
    });
    ws.once("message", () => {
      ws.close();
    });
    ws.once("close", done);
    ws.once("error", done);
  });
}

/** A raw upgrade request to `path`; resolves when the proxy closes the connection. */
function failedUpgrade(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.on("data", () => undefined);
    s.once("close", () => {
      resolve();
    });
    s.once("error", () => {
      resolve();
    });
    s.setTimeout(10_000, () => s.destroy());
    s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
  });
}

/** Runs `workers` parallel loops for `seconds`; every tenth session is a failure path. */
export async function churn(port: number, seconds: number, workers = 20): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let sessions = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const n = sessions++;
      if (n % 20 === 5) await failedUpgrade(port, "/dead/ws");
      else if (n % 20 === 15) await failedUpgrade(port, "/plain/ws");
      else await oneSession(port);
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return sessions;
}
