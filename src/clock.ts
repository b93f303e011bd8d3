/** The one clock. Every rule that depends on time reads it, so a job run with `--now` behaves as the scheduler would. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

/** A clock tests and the demo can move by hand. */
export function manualClock(start: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    set: (at) => {
      ms = at.getTime();
    },
    advance: (delta) => {
      ms += delta;
    },
  };
}
