/**
 * Bounds the cost of password checks for the whole process: at most `concurrency` scrypt runs at
 * once and at most `queue` waiting; beyond that `run` refuses at once (the caller answers 503), so a
 * flood of sign-ins, with known or unknown names, cannot take more CPU than the bound.
 */
export function createHashGate(options: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next !== undefined) {
      running += 1;
      next();
    }
  };
  return {
    /** Runs the check inside the bound; undefined when the bound is full (nothing was run). */
    async run<T>(check: () => Promise<T>): Promise<{ value: T } | undefined> {
      if (running >= options.concurrency) {
        if (waiting.length >= options.queue) return undefined;
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return { value: await check() };
      } finally {
        release();
      }
    },
    /** Checks running and waiting now. */
    load(): { running: number; waiting: number } {
      return { running, waiting: waiting.length };
    },
  };
}

/** A hash gate. */
export type HashGate = ReturnType<typeof createHashGate>;
