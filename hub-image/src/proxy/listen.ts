/** Listening helpers: bind a server to a ListenSpec and describe where it ended up. */
import type { Server } from "node:net";
import { unlinkSync } from "node:fs";
import type { ListenSpec } from "./options.js";

/** Binds `server`; rejects with the listen error (EADDRINUSE, EACCES…) naming the flag. */
export function listen(server: Server, spec: ListenSpec, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      reject(new Error(`cannot listen on ${describe(spec)} (${flag}): ${e.message}`, { cause: e }));
    };
    server.once("error", onError);
    const done = (): void => {
      server.off("error", onError);
      resolve();
    };
    if (spec.socket !== undefined) {
      try {
        unlinkSync(spec.socket);
      } catch {
        // no stale socket file
      }
      server.listen(spec.socket, done);
    } else if (spec.ip === undefined || spec.ip === "") server.listen(spec.port, done);
    else server.listen(spec.port, spec.ip, done);
  });
}

/** `ip:port` or the socket path, for log lines. */
export function describe(spec: ListenSpec): string {
  if (spec.socket !== undefined) return spec.socket;
  const ip = spec.ip === undefined || spec.ip === "" ? "*" : spec.ip;
  return `${ip.includes(":") ? `[${ip}]` : ip}:${String(spec.port)}`;
}

/** The port a TCP server is bound to (0 for Unix sockets or a closed server). */
export function boundPort(server: Server): number {
  const a = server.address();
  return a !== null && typeof a === "object" ? a.port : 0;
}

/** Closes `server` and resolves once it is closed (immediately if it never listened). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => {
      resolve();
    });
  });
}
