/**
 * CHP-style log lines on stdout: `<ISO time> [ConfigProxy] <level>: <message>`. The level is
 * checked before any formatting, so disabled debug calls cost one comparison.
 */
import type { LogLevel } from "./options.js";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export class Logger {
  private readonly min: number;

  constructor(
    level: LogLevel,
    private readonly sink: LogSink = (line) => process.stdout.write(line + "\n"),
  ) {
    this.min = RANK[level];
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.min;
  }

  private write(level: LogLevel, message: string): void {
    this.sink(`${new Date().toISOString()} [ConfigProxy] ${level}: ${message}`);
  }

  debug(message: () => string): void {
    if (this.min <= 10) this.write("debug", message());
  }

  info(message: string): void {
    if (this.min <= 20) this.write("info", message);
  }

  warn(message: string): void {
    if (this.min <= 30) this.write("warn", message);
  }

  error(message: string): void {
    this.write("error", message);
  }
}
