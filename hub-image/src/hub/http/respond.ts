/** Writing responses: JSON, empty bodies, redirects and HTML. */
import type { ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** An empty body; JupyterHub labels start/stop replies text/plain. */
export function sendEmpty(res: ServerResponse, status: number, contentType?: string): void {
  res.statusCode = status;
  if (contentType !== undefined) res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", 0);
  res.end();
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.statusCode = status;
  res.setHeader("Location", location);
  res.setHeader("Content-Length", 0);
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(html));
  res.end(html);
}
