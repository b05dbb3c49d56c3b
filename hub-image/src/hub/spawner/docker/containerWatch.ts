/**
 * Watches a container while the spawner waits for its server to answer: if the container stops,
 * `onGone` gets the reason with the tail of its output, so a crash fails the spawn at once with
 * a useful message instead of at the HTTP timeout. Engine hiccups are ignored (the next tick
 * tries again). Timers are unref'd.
 */
import type { DockerEngine } from "./dockerEngine.js";
import { inspectContainer, logTail, whyStopped } from "./containerOps.js";

export interface ContainerWatch {
  stop(): void;
}

export function watchContainer(
  engine: DockerEngine,
  target: { readonly id: string; readonly name: string },
  intervalMs: number,
  onGone: (reason: string) => void,
): ContainerWatch {
  let stopped = false;
  const active = () => !stopped;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const info = await inspectContainer(engine, target.id);
    if (!active()) return;
    if (info?.State.Running === true) {
      schedule();
      return;
    }
    const reason = info ? whyStopped(info, target.name) : `container ${target.name} was removed`;
    const tail = info ? await logTail(engine, target.id).catch(() => "") : "";
    if (active()) onGone(tail === "" ? reason : `${reason}; its last output:\n${tail}`);
  };
  const schedule = () => {
    timer = setTimeout(() => {
      tick().catch(() => {
        if (active()) schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
