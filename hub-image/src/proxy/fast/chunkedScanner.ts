/**
 * Finds where a chunked message body ends, so the fast path can relay the bytes unchanged and
 * still know when the response is complete (and its upstream connection free again). Strict:
 * sizes are hex (at most 15 digits), each chunk and line ends in CRLF.
 */

const enum State {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  LineStart,
  TrailerLine,
  TrailerLf,
  EndLf,
  Done,
}

/** Returned by `feed` for a body that is not valid chunked encoding. */
export const MALFORMED = -2;

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export class ChunkedScanner {
  private state = State.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;

  /**
   * Scans `buf` from `start`: the index just past the end of the message, -1 when more bytes
   * are needed, or MALFORMED.
   */
  feed(buf: Uint8Array, start = 0): number {
    let i = start;
    while (i < buf.length) {
      const c = buf[i] ?? 0;
      switch (this.state) {
        case State.Size: {
          const d = hex(c);
          if (d >= 0) {
            if (++this.digits > 15) return MALFORMED;
            this.size = this.size * 16 + d;
          } else if (this.digits === 0) return MALFORMED;
          else if (c === 59 /* ; */) this.state = State.Extension;
          else if (c === 13) this.state = State.SizeLf;
          else return MALFORMED;
          i++;
          break;
        }
        case State.Extension:
          if (c === 13) this.state = State.SizeLf;
          else if (c === 10) return MALFORMED;
          i++;
          break;
        case State.SizeLf:
          if (c !== 10) return MALFORMED;
          i++;
          if (this.size === 0) this.state = State.LineStart;
          else {
            this.remaining = this.size;
            this.state = State.Data;
          }
          this.size = 0;
          this.digits = 0;
          break;
        case State.Data: {
          const take = Math.min(this.remaining, buf.length - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = State.DataCr;
          break;
        }
        case State.DataCr:
          if (c !== 13) return MALFORMED;
          this.state = State.DataLf;
          i++;
          break;
        case State.DataLf:
          if (c !== 10) return MALFORMED;
          this.state = State.Size;
          i++;
          break;
        case State.LineStart:
          // after the last chunk: an empty line ends the message, anything else is a trailer
          this.state = c === 13 ? State.EndLf : State.TrailerLine;
          i++;
          break;
        case State.TrailerLine:
          if (c === 13) this.state = State.TrailerLf;
          else if (c === 10) return MALFORMED;
          i++;
          break;
        case State.TrailerLf:
          if (c !== 10) return MALFORMED;
          this.state = State.LineStart;
          i++;
          break;
        case State.EndLf:
          if (c !== 10) return MALFORMED;
          this.state = State.Done;
          return i + 1;
        case State.Done:
          return i;
      }
    }
    return -1;
  }
}
