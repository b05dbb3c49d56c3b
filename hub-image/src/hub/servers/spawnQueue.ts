/**
 * The spawn queue: at most `concurrency` spawns run at once; later ones wait in FIFO order and
 * are told their 1-based position whenever it changes. Only when `maxWaiting` requests already
 * wait is a new one refused (the API turns that into a 429).
 */

export class QueueFullError extends Error {
  constructor(waiting: number) {
    super(`The spawn queue is full (${waiting} waiting); try again in a minute`);
    this.name = "QueueFullError";
  }
}

export class QueueCancelledError extends Error {
  constructor() {
    super("Spawn cancelled while waiting in the queue");
    this.name = "QueueCancelledError";
  }
}

export interface QueueTicket {
  /** 1-based position when it had to wait, undefined when it got a slot at once. */
  readonly position: number | undefined;
  /** Resolves with the slot's release function; rejects with QueueCancelledError on cancel. */
  readonly slot: Promise<() => void>;
  /** Leaves the queue (or frees the slot if it already had one). Idempotent. */
  cancel(): void;
}

interface Waiter {
  readonly grant: (release: () => void) => void;
  readonly refuse: (err: Error) => void;
  readonly onPosition: (position: number) => void;
}

export class SpawnQueue {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** @throws QueueFullError when `maxWaiting` requests already wait. */
  enqueue(onPosition: (position: number) => void = () => undefined): QueueTicket {
    if (this.active < this.concurrency && this.waiters.length === 0) {
      const release = this.takeSlot();
      return { position: undefined, slot: Promise.resolve(release), cancel: release };
    }
    if (this.waiters.length >= this.maxWaiting) throw new QueueFullError(this.waiters.length);
    const deferred = deferredSlot();
    let release: (() => void) | undefined;
    const self: Waiter = {
      grant: (r) => {
        release = r;
        deferred.resolve(r);
      },
      refuse: deferred.reject,
      onPosition,
    };
    const slot = deferred.promise;
    this.waiters.push(self);
    const cancel = () => {
      if (release) {
        release();
        return;
      }
      const at = this.waiters.indexOf(self);
      if (at < 0) return;
      this.waiters.splice(at, 1);
      self.refuse(new QueueCancelledError());
      this.announce(at);
    };
    return { position: this.waiters.length, slot, cancel };
  }

  private takeSlot(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.next();
    };
  }

  private next(): void {
    while (this.active < this.concurrency) {
      const head = this.waiters.shift();
      if (!head) return;
      head.grant(this.takeSlot());
      this.announce(0);
    }
  }

  /** Tells every waiter from index `from` on its new position. */
  private announce(from: number): void {
    for (let i = from; i < this.waiters.length; i++) this.waiters[i]?.onPosition(i + 1);
  }
}

function deferredSlot() {
  let resolve: (release: () => void) => void = () => undefined;
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<() => void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A cancelled waiter nobody awaits any more must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
