/**
 * Container logs as the Engine API sends them for a container without a TTY: frames of an 8-byte
 * header (stream type, 3 zero bytes, big-endian payload length) and the payload. Pure.
 */

/** The text of all frames (stdout and stderr interleaved as they came). */
export function demuxLogs(data: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    const size = data.readUInt32BE(offset + 4);
    const start = offset + 8;
    parts.push(data.subarray(start, Math.min(start + size, data.length)));
    offset = start + size;
  }
  if (offset === 0 && data.length > 0 && parts.length === 0) return data.toString("utf8");
  return Buffer.concat(parts).toString("utf8");
}

/** The last `count` non-empty lines, for an error message. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(-count)
    .join("\n");
}
