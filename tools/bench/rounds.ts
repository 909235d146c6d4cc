/**
 * Timing for the benchmark: operations per second as the median of several timed rounds, each
 * long enough to swamp the clock's resolution, after a warm-up.
 */

/** Rounds timed per figure, and the least time one round runs. */
const ROUNDS = 7;
const ROUND_MILLISECONDS = 200;

/**
 * Calls `run(count)` (which performs `count` operations) until the count per round fills about
 * ROUND_MILLISECONDS, then times ROUNDS rounds and returns the median operations per second.
 */
export function operationsPerSecond(run: (count: number) => void): number {
  let count = 1000;
  for (;;) {
    const started = process.hrtime.bigint();
    run(count);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (elapsed >= ROUND_MILLISECONDS) break;
    count = count * 2;
  }
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    run(count);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(count / seconds);
  }
  return median(rates);
}

/** The middle value of `values` (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
