/**
 * A board file's waveform (tools/build/board-types.ts `Waveform`) as a value over time: what a
 * virtual sensor measures `seconds` after boot. Deterministic: the same waveform and seed give the
 * same value at the same time, whatever else was asked before; nothing reads a clock or
 * `Math.random`.
 *
 * Shapes, with phase = (seconds / periodSeconds) mod 1:
 * - `constant`: the mean.
 * - `sine`: mean + amplitude * sin(2 pi phase).
 * - `triangle`: from the mean up to mean + amplitude at a quarter period, down to mean - amplitude
 *   at three quarters, back to the mean (the sine's turning points, joined by straight lines).
 * - `square`: mean + amplitude for the first half period, mean - amplitude for the second.
 * - `random-walk`: starts at the mean and takes a step every `periodSeconds / 60` seconds, each a
 *   uniform draw within ±amplitude / 5, reflected at mean ± amplitude so it never leaves that band;
 *   over one period it wanders about the amplitude. Steps are drawn by index, so the value at a
 *   time is the same whether it was reached in one call or many.
 * Noise is added last: a triangular (two-uniform average, gaussian-ish) draw within ±noise, drawn
 * afresh for every millisecond of time, so repeated readings differ and a reading repeats exactly.
 * Every value therefore lies within mean ± (amplitude + noise).
 */
import type { Waveform } from "../../tools/build/board-types";

/** A waveform's value at a time in seconds since boot. */
export type Signal = (seconds: number) => number;

/** Steps a random walk takes per period. */
const WALK_STEPS_PER_PERIOD = 60;
/** The largest walk step, as a fraction of the amplitude. */
const WALK_STEP_FRACTION = 0.2;
/** Draw streams of one seed: the walk's steps and the noise. */
const WALK_STREAM = 1;
const NOISE_STREAM = 2;
const TWO_TO_32 = 4294967296;

/**
 * A 32-bit hash of `seed`, `stream` and a non-negative integer `index` (any size JavaScript
 * holds exactly), as a float in [0, 1): the simulator's seeded random source (a murmur3-style
 * finaliser over the three words). Pure; never allocates.
 */
export function seededUniform(seed: number, stream: number, index: number): number {
  const low = index % TWO_TO_32;
  const high = Math.floor(index / TWO_TO_32);
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
  h = mix(h ^ low);
  h = mix(h ^ high);
  return (h >>> 0) / TWO_TO_32;
}

/** One round of murmur3's finaliser. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A seed for one part of a whole (sensor `index`, quantity `part`) derived from the board's `seed`. */
export function deriveSeed(seed: number, index: number, part: number): number {
  return Math.floor(seededUniform(seed, index + 16, part) * TWO_TO_32) | 0;
}

/** The shape's value at `phase` (0..1), from -1 to 1, for the periodic shapes. */
const PERIODIC_SHAPES: Record<"constant" | "sine" | "triangle" | "square", (phase: number) => number> = {
  constant: () => 0,
  sine: (phase) => Math.sin(2 * Math.PI * phase),
  triangle: (phase) => (phase < 0.25 ? 4 * phase : phase < 0.75 ? 2 - 4 * phase : 4 * phase - 4),
  square: (phase) => (phase < 0.5 ? 1 : -1),
};

/**
 * Makes the signal of `waveform` (defaults filled in, as `loadBoard` returns them) drawing its
 * randomness from `seed`. The signal keeps the random walk's last step so that time moving forward
 * costs one step per step time; it never allocates per call. Negative times read as 0.
 */
export function newSignal(waveform: Waveform, seed: number): Signal {
  const { mean, amplitude, periodSeconds, noise } = waveform;
  const withNoise = (seconds: number, value: number): number => {
    if (noise === 0) return value;
    const tick = Math.round(seconds * 1000);
    const draw = seededUniform(seed, NOISE_STREAM, tick * 2) + seededUniform(seed, NOISE_STREAM, tick * 2 + 1) - 1;
    return value + noise * draw;
  };
  if (waveform.shape !== "random-walk") {
    const shape = PERIODIC_SHAPES[waveform.shape];
    return (seconds) => {
      const time = Math.max(0, seconds);
      const phase = (time / periodSeconds) % 1;
      return withNoise(time, mean + amplitude * shape(phase));
    };
  }
  const stepSeconds = periodSeconds / WALK_STEPS_PER_PERIOD;
  const largestStep = amplitude * WALK_STEP_FRACTION;
  let step = 0;
  let offset = 0;
  return (seconds) => {
    const time = Math.max(0, seconds);
    const target = Math.floor(time / stepSeconds);
    if (target < step) {
      step = 0;
      offset = 0;
    }
    while (step < target) {
      offset += largestStep * (2 * seededUniform(seed, WALK_STREAM, step) - 1);
      if (offset > amplitude) offset = 2 * amplitude - offset;
      if (offset < -amplitude) offset = -2 * amplitude - offset;
      step++;
    }
    return withNoise(time, mean + offset);
  };
}
