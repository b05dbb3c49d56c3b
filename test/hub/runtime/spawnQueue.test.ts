import { describe, expect, it } from "vitest";
import {
  QueueCancelledError,
  QueueFullError,
  SpawnQueue,
} from "../../../hub-image/src/hub/servers/spawnQueue.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("SpawnQueue", () => {
  it("grants slots at once up to the concurrency limit", async () => {
    const q = new SpawnQueue(2, 10);
    const a = q.enqueue();
    const b = q.enqueue();
    expect([a.position, b.position]).toEqual([undefined, undefined]);
    await Promise.all([a.slot, b.slot]);
    expect(q.running).toBe(2);
    expect(q.waiting).toBe(0);
  });

  it("queues the rest in FIFO order and reports positions as they move", async () => {
    const q = new SpawnQueue(1, 10);
    const order: string[] = [];
    const moves: Record<string, number[]> = { b: [], c: [], d: [] };
    const a = q.enqueue();
    const waiting = (["b", "c", "d"] as const).map((name) => {
      const t = q.enqueue((p) => moves[name]?.push(p));
      void t.slot.then((release) => {
        order.push(name);
        release();
      });
      return t;
    });
    expect(waiting.map((t) => t.position)).toEqual([1, 2, 3]);
    (await a.slot)();
    await tick();
    expect(order).toEqual(["b", "c", "d"]);
    expect(moves).toEqual({ b: [], c: [1], d: [2, 1] });
    expect(q.running).toBe(0);
  });

  it("refuses only when the waiting list itself is full", () => {
    const q = new SpawnQueue(1, 2);
    q.enqueue();
    q.enqueue();
    q.enqueue();
    expect(() => q.enqueue()).toThrow(QueueFullError);
    expect(q.waiting).toBe(2);
  });

  it("accepts no waiters at all with a queue limit of 0", () => {
    const q = new SpawnQueue(1, 0);
    q.enqueue();
    expect(() => q.enqueue()).toThrow(/queue is full/);
  });

  it("cancelling a waiter rejects its slot and moves those behind it up", async () => {
    const q = new SpawnQueue(1, 10);
    const a = q.enqueue();
    const moves: number[] = [];
    const b = q.enqueue();
    const c = q.enqueue((p) => moves.push(p));
    b.cancel();
    await expect(b.slot).rejects.toBeInstanceOf(QueueCancelledError);
    expect(moves).toEqual([1]);
    (await a.slot)();
    const release = await c.slot;
    expect(q.running).toBe(1);
    release();
    release();
    expect(q.running).toBe(0);
  });

  it("cancelling a ticket that holds a slot frees the slot", async () => {
    const q = new SpawnQueue(1, 10);
    const a = q.enqueue();
    const b = q.enqueue();
    a.cancel();
    await b.slot;
    expect(q.running).toBe(1);
    expect(q.waiting).toBe(0);
  });
});
