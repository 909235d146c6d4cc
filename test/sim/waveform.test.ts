/**
 * The simulator's waveforms (hal/sim/waveform.ts): every shape stays within mean ± (amplitude +
 * noise), repeats with its period, and gives the same value for the same seed and time whatever
 * was asked before; the seeded random source is uniform enough to drive them.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { newSignal, seededUniform } from "../../hal/sim/waveform";
import type { Waveform } from "../../tools/build/board-types";

const SHAPES = ["constant", "sine", "triangle", "square", "random-walk"] as const;
const PERIODIC = ["constant", "sine", "triangle", "square"] as const;

const waveformArbitrary = (shapes: readonly Waveform["shape"][]): fc.Arbitrary<Waveform> =>
  fc.record({
    shape: fc.constantFrom(...shapes),
    mean: fc.double({ min: -1000, max: 2000, noNaN: true }),
    amplitude: fc.double({ min: 0, max: 500, noNaN: true }),
    periodSeconds: fc.double({ min: 0.5, max: 7200, noNaN: true }),
    noise: fc.double({ min: 0, max: 5, noNaN: true }),
  });
const seconds = fc.double({ min: 0, max: 86400, noNaN: true });
const seed = fc.integer({ min: 0, max: 0x7fffffff });
/** Room for floating-point rounding in the bounds. */
const SLACK = 1e-9;

describe("waveforms", () => {
  it("stay within mean ± (amplitude + noise) at every time", () => {
    fc.assert(
      fc.property(waveformArbitrary(SHAPES), seed, fc.array(seconds, { minLength: 1, maxLength: 20 }), (waveform, s, times) => {
        const signal = newSignal(waveform, s);
        const reach = waveform.amplitude + waveform.noise + SLACK * (1 + Math.abs(waveform.mean));
        for (const time of times) expect(Math.abs(signal(time) - waveform.mean)).toBeLessThanOrEqual(reach);
      }),
    );
  });

  it("give the same value for the same seed and time, whatever was asked before", () => {
    fc.assert(
      fc.property(waveformArbitrary(SHAPES), seed, fc.array(seconds, { maxLength: 10 }), seconds, (waveform, s, before, time) => {
        const fresh = newSignal(waveform, s)(time);
        const used = newSignal(waveform, s);
        for (const earlier of before) used(earlier);
        expect(used(time)).toBe(fresh);
      }),
    );
  });

  it("repeat with their period when noiseless (the periodic shapes)", () => {
    fc.assert(
      fc.property(waveformArbitrary(PERIODIC), seed, fc.double({ min: 0, max: 3600, noNaN: true }), fc.integer({ min: 1, max: 5 }), (waveform, s, time, periods) => {
        const noiseless = { ...waveform, noise: 0 };
        const signal = newSignal(noiseless, s);
        const later = time + periods * noiseless.periodSeconds;
        const phase = (time / noiseless.periodSeconds) % 1;
        // A square wave jumps at each half period: rounding may put the two times on either side.
        fc.pre(noiseless.shape !== "square" || Math.min(Math.abs(phase - 0.5), phase, 1 - phase) > 1e-6);
        expect(signal(later)).toBeCloseTo(signal(time), 6);
      }),
    );
  });

  it("follow their shape's landmarks", () => {
    const base = { mean: 20, amplitude: 2, periodSeconds: 100, noise: 0 };
    expect(newSignal({ ...base, shape: "constant" }, 1)(37)).toBe(20);
    expect(newSignal({ ...base, shape: "sine" }, 1)(25)).toBeCloseTo(22, 9);
    expect(newSignal({ ...base, shape: "triangle" }, 1)(25)).toBeCloseTo(22, 9);
    expect(newSignal({ ...base, shape: "triangle" }, 1)(75)).toBeCloseTo(18, 9);
    expect(newSignal({ ...base, shape: "triangle" }, 1)(50)).toBeCloseTo(20, 9);
    expect(newSignal({ ...base, shape: "square" }, 1)(10)).toBe(22);
    expect(newSignal({ ...base, shape: "square" }, 1)(60)).toBe(18);
    expect(newSignal({ ...base, shape: "random-walk" }, 1)(0)).toBe(20);
  });

  it("wander in a random walk: it moves, differs by seed, and visits both sides of the mean", () => {
    const walk: Waveform = { shape: "random-walk", mean: 1013.25, amplitude: 2, periodSeconds: 60, noise: 0 };
    const one = newSignal(walk, 1);
    const two = newSignal(walk, 2);
    const values = Array.from({ length: 600 }, (_, index) => one(index * 10));
    expect(new Set(values).size).toBeGreaterThan(100);
    expect(values.some((value) => value > walk.mean + 0.5)).toBe(true);
    expect(values.some((value) => value < walk.mean - 0.5)).toBe(true);
    expect(two(3000)).not.toBe(one(3000));
  });

  it("add noise that differs between readings and repeats for the same time", () => {
    const noisy: Waveform = { shape: "constant", mean: 22, amplitude: 0, periodSeconds: 600, noise: 0.05 };
    const signal = newSignal(noisy, 7);
    const values = Array.from({ length: 200 }, (_, index) => signal(index * 0.5));
    expect(new Set(values).size).toBeGreaterThan(150);
    expect(signal(12.5)).toBe(newSignal(noisy, 7)(12.5));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(Math.abs(mean - 22)).toBeLessThan(0.01);
  });
});

describe("the seeded random source", () => {
  it("lies in [0, 1) for any seed, stream and index", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(8), fc.maxSafeNat(), (s, stream, index) => {
        const value = seededUniform(s, stream, index);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
      }),
    );
  });

  it("fills ten equal bins evenly over 10,000 draws", () => {
    const bins = new Array<number>(10).fill(0);
    for (let index = 0; index < 10000; index++) bins[Math.floor(seededUniform(42, 0, index) * 10)]++;
    for (const count of bins) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});
