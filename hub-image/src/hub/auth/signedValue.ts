/**
 * Tornado's version-2 signed values (as JupyterHub's login cookie and XSRF tokens use):
 * `2|1:0|<len>:<timestamp>|<len>:<name>|<len>:<base64 value>|<hex HMAC-SHA256>`.
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "./tokenHash.js";

const field = (s: string): string => `${String(Buffer.byteLength(s))}:${s}`;

export function signValue(secret: Buffer, name: string, value: string, now = new Date()): string {
  const ts = String(Math.floor(now.getTime() / 1000));
  const b64 = Buffer.from(value, "utf8").toString("base64");
  const body = `2|1:0|${field(ts)}|${field(name)}|${field(b64)}|`;
  return body + createHmac("sha256", secret).update(body).digest("hex");
}

/** Parses `<len>:<value>|` fields; undefined on any malformation. */
function readFields(rest: string, count: number): string[] | undefined {
  const out: string[] = [];
  let s = rest;
  for (let i = 0; i < count; i++) {
    const colon = s.indexOf(":");
    const len = Number(s.slice(0, colon));
    if (colon < 1 || !Number.isInteger(len) || len < 0) return undefined;
    const value = s.slice(colon + 1, colon + 1 + len);
    if (value.length !== len || s.charAt(colon + 1 + len) !== "|") return undefined;
    out.push(value);
    s = s.slice(colon + 2 + len);
  }
  out.push(s);
  return out;
}

/**
 * The value of a signed string if the signature, name and age check out, else undefined.
 * @param maxAgeDays maximum age of the signature
 */
export function verifyValue(
  secret: Buffer,
  name: string,
  signed: string,
  maxAgeDays: number,
  now = new Date(),
): string | undefined {
  if (!signed.startsWith("2|1:0|")) return undefined;
  const parts = readFields(signed.slice(6), 3);
  if (!parts) return undefined;
  const [ts = "", gotName, b64 = "", sig = ""] = parts;
  const body = signed.slice(0, signed.length - sig.length);
  const expected = createHmac("sha256", secret).update(body).digest("hex");
  if (!safeEqual(sig, expected) || gotName !== name) return undefined;
  const age = now.getTime() / 1000 - Number(ts);
  if (!Number.isFinite(age) || age > maxAgeDays * 86400 || age < -3600) return undefined;
  return Buffer.from(b64, "base64").toString("utf8");
}
