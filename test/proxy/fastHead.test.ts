import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkedScanner, MALFORMED } from "../../hub-image/src/proxy/fast/chunkedScanner.js";
import { parseRequestHead, parseResponseHead } from "../../hub-image/src/proxy/fast/httpHead.js";

const req = (...lines: string[]) => lines.join("\r\n");

describe("parseRequestHead (fast path eligibility)", () => {
  it("takes a plain GET or HEAD with one Host", () => {
    expect(parseRequestHead(req("GET /user/a/api?x=1 HTTP/1.1", "Host: hub", "X-A:  b "))).toEqual({
      method: "GET",
      target: "/user/a/api?x=1",
      rawHeaders: ["Host", "hub", "X-A", "b"],
      host: "hub",
      close: false,
    });
    expect(
      parseRequestHead(req("HEAD / HTTP/1.1", "host: h", "connection: keep-alive, Close")),
    ).toMatchObject({ method: "HEAD", close: true });
  });

  it.each([
    ["a body (Content-Length)", req("GET / HTTP/1.1", "Host: h", "Content-Length: 0")],
    ["a chunked body", req("GET / HTTP/1.1", "Host: h", "Transfer-Encoding: chunked")],
    ["POST", req("POST / HTTP/1.1", "Host: h")],
    ["HTTP/1.0", req("GET / HTTP/1.0", "Host: h")],
    ["an upgrade", req("GET / HTTP/1.1", "Host: h", "Connection: Upgrade", "Upgrade: websocket")],
    ["Expect", req("GET / HTTP/1.1", "Host: h", "Expect: 100-continue")],
    ["no Host", req("GET / HTTP/1.1", "X: y")],
    ["two Hosts", req("GET / HTTP/1.1", "Host: a", "Host: b")],
    ["an absolute-form target", req("GET http://h/ HTTP/1.1", "Host: h")],
    ["obs-fold", req("GET / HTTP/1.1", "Host: h", "X: a", " folded")],
    ["space before the colon", req("GET / HTTP/1.1", "Host : h")],
    ["a bare LF", "GET / HTTP/1.1\r\nHost: h\nX: y"],
    ["a control character", req("GET / HTTP/1.1", "Host: h", "X: a\x00b")],
    ["a space in the target", req("GET /a b HTTP/1.1", "Host: h")],
    ["a control character in the target", req("GET /a\x01b HTTP/1.1", "Host: h")],
    ["a non-ASCII target", req("GET /caf\xe9 HTTP/1.1", "Host: h")],
  ])("leaves %s to node:http", (_what, text) => {
    expect(parseRequestHead(text)).toBeUndefined();
  });
});

describe("parseResponseHead", () => {
  it("reads status, framing and connection", () => {
    expect(
      parseResponseHead(
        req("HTTP/1.1 200 OK", "Content-Length: 5", "Content-Length: 5", "Date: x"),
      ),
    ).toMatchObject({
      status: 200,
      reason: "OK",
      length: 5,
      chunked: false,
      close: false,
      hasDate: true,
    });
    expect(parseResponseHead(req("HTTP/1.1 404", "Transfer-Encoding: Chunked"))).toMatchObject({
      status: 404,
      reason: "",
      chunked: true,
    });
    expect(parseResponseHead(req("HTTP/1.0 200 OK", "X: y"))).toMatchObject({ close: true });
    expect(parseResponseHead(req("HTTP/1.1 200 OK", "Connection: close"))).toMatchObject({
      close: true,
    });
  });

  it.each([
    [
      "Content-Length and chunked",
      req("HTTP/1.1 200 OK", "Content-Length: 3", "Transfer-Encoding: chunked"),
    ],
    ["two different lengths", req("HTTP/1.1 200 OK", "Content-Length: 3", "Content-Length: 4")],
    ["a negative length", req("HTTP/1.1 200 OK", "Content-Length: -1")],
    ["gzip, chunked", req("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked")],
    ["a bad status line", req("HTTP/2 200 OK", "X: y")],
  ])("refuses %s", (_what, text) => {
    expect(parseResponseHead(text)).toBeUndefined();
  });
});

/** Encodes `parts` as chunks (with an extension and a trailer when asked). */
function chunked(parts: string[], trailer: boolean): string {
  let s = "";
  for (const p of parts)
    if (p.length > 0) s += `${Buffer.byteLength(p).toString(16)};ext=1\r\n${p}\r\n`;
  return `${s}0\r\n${trailer ? "X-Trailer: yes\r\n" : ""}\r\n`;
}

describe("ChunkedScanner", () => {
  it("finds the end of any chunked body however it is split, and not before", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 5 }),
        (parts, trailer, cuts) => {
          const body = Buffer.from(chunked(parts, trailer) + "NEXT");
          const end = body.length - 4;
          const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
          const scanner = new ChunkedScanner();
          let at = 0;
          let found = -1;
          for (const p of [...points, body.length]) {
            if (p < at) continue;
            const r = scanner.feed(body.subarray(at, p));
            if (r >= 0) {
              found = at + r;
              break;
            }
            expect(r).toBe(-1);
            at = p;
          }
          expect(found).toBe(end);
        },
      ),
    );
  });

  it.each([
    ["no size", "\r\nabc"],
    ["a non-hex size", "zz\r\n"],
    ["data without CRLF", "3\r\nabcX"],
    ["a bare LF after the size", "3\nabc"],
    ["too many digits", "1234567890123456\r\n"],
  ])("reports %s as malformed", (_what, text) => {
    expect(new ChunkedScanner().feed(Buffer.from(text))).toBe(MALFORMED);
  });
});
