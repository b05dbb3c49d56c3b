/**
 * One spawn's progress events: every subscriber gets the events so far (replay), then live ones,
 * until the channel closes (after the ready/failed event) or the subscriber's signal aborts.
 */
import type { ProgressEvent } from "../contracts.js";

export class ProgressChannel {
  private readonly events: ProgressEvent[] = [];
  private readonly wakers = new Set<() => void>();
  private ended = false;

  get closed(): boolean {
    return this.ended;
  }

  /** The last event pushed, if any. */
  get last(): ProgressEvent | undefined {
    return this.events.at(-1);
  }

  push(event: ProgressEvent): void {
    if (this.ended) return;
    this.events.push(event);
    this.wake();
  }

  close(): void {
    this.ended = true;
    this.wake();
  }

  async *subscribe(signal: AbortSignal): AsyncGenerator<ProgressEvent, void, undefined> {
    let next = 0;
    while (!signal.aborted) {
      const event = this.events[next];
      if (event !== undefined) {
        next++;
        yield event;
        continue;
      }
      if (this.ended) return;
      await this.changed(signal);
    }
  }

  private changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wakers.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.wakers.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}
