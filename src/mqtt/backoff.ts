/**
 * Reconnect back-off: exponential, capped, with jitter, from a pseudo-random generator that
 * gives the same sequence on every runtime (Park-Miller "minimal standard", computed with
 * Schrage's method so no intermediate leaves 32-bit integers).
 * @hotpath-module
 */

const MODULUS = 2147483647;
const MULTIPLIER = 16807;
const QUOTIENT = 127773;
const REMAINDER = 2836;

/** The generator's state and the back-off schedule. */
export interface Backoff {
  seed: number;
  /** Reconnect attempts since the last successful connection. */
  attempts: number;
  minimumMs: number;
  maximumMs: number;
}

/**
 * Makes a back-off schedule from `minimumMs` to `maximumMs`, its jitter seeded from `seed` (any
 * integer; a client id hash or the clock). Allocates: call at creation time.
 */
export function newBackoff(seed: number, minimumMs: number, maximumMs: number): Backoff {
  const positive = seed < 0 ? -seed : seed;
  const reduced = positive % (MODULUS - 1);
  return { seed: reduced + 1, attempts: 0, minimumMs: minimumMs, maximumMs: maximumMs };
}

/** The next pseudo-random integer in 1..2^31-2. Never allocates. @hotpath */
export function nextRandom(backoff: Backoff): number {
  const seed = backoff.seed;
  const high = (seed - (seed % QUOTIENT)) / QUOTIENT;
  const low = seed % QUOTIENT;
  let next = MULTIPLIER * low - REMAINDER * high;
  if (next <= 0) {
    next = next + MODULUS;
  }
  backoff.seed = next;
  return next;
}

/**
 * The wait before the next reconnect attempt, and counts the attempt: the minimum doubled per
 * attempt up to the maximum, then a random point between half of that and all of it ("equal
 * jitter"), so a fleet that lost its broker together does not return together. Never allocates.
 * @hotpath
 */
export function nextBackoffMs(backoff: Backoff): number {
  let ceiling = backoff.minimumMs;
  for (let attempt = 0; attempt < backoff.attempts && ceiling < backoff.maximumMs; attempt++) {
    ceiling = ceiling * 2;
  }
  if (ceiling > backoff.maximumMs) {
    ceiling = backoff.maximumMs;
  }
  backoff.attempts = backoff.attempts + 1;
  const half = (ceiling - (ceiling % 2)) / 2;
  const spread = ceiling - half + 1;
  return half + (nextRandom(backoff) % spread);
}

/** Starts the schedule again after a successful connection. Never allocates. @hotpath */
export function resetBackoff(backoff: Backoff): void {
  backoff.attempts = 0;
}
