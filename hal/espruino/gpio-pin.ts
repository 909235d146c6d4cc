/// <reference path="./bus-globals.d.ts" />
import { PinMode } from "../api";
import type { Gpio, GpioOptions, Integers } from "../api";

/**
 * The Gpio for Espruino, over `pinMode`, `digitalWrite` and `digitalRead`, capturing pulses with
 * `digitalPulse` and `setWatch` (Espruino reference). A capture makes the pin open-drain and
 * released (high through the pull-up), watches both edges, and drives the start signal with
 * `digitalPulse(pin, 0, ms)`; the line is then free for the device. The watch ignores the edges
 * of the host's own pulse (until the first falling edge after it ends) and records, from there,
 * the time between edges in microseconds: the device's first low, then high, low, ... It stops
 * when `capacity` durations are in, or `CAPTURE_WINDOW_MS` after the start, whichever is first.
 *
 * Allocation: the watch callback and the finish callback are made once, at creation; each edge's
 * event object is Espruino's. `close()` ends a capture and leaves the pin an input.
 */

/** How long after the start a capture ends at the latest (a DHT22's reply takes under 6 ms). */
const CAPTURE_WINDOW_MS = 20;

/** Espruino's names for the modes, by `PinMode`. */
const MODE_NAMES: EspruinoPinMode[] = ["input", "input_pullup", "output", "opendrain"];

/** Makes the pin `options.pin` in `options.mode` (read now, not kept). Allocates: call at creation time. */
export function newEspruinoGpio(options: GpioOptions): Gpio {
  const pin = options.pin;
  pinMode(pin, MODE_NAMES[options.mode]);
  let target: Integers = [];
  let limit = 0;
  let recorded = 0;
  let watch = -1;
  let finishTimer = -1;
  let startAfter = 0;
  let started = false;
  let lastEdge = 0;

  function finish(): void {
    if (watch >= 0) clearWatch(watch);
    watch = -1;
    if (finishTimer >= 0) clearTimeout(finishTimer);
    finishTimer = -1;
  }

  function onFinishTimer(): void {
    finishTimer = -1;
    finish();
  }

  function onEdge(event: EspruinoWatchEvent): void {
    if (!started) {
      if (event.state || event.time <= startAfter) return;
      started = true;
      lastEdge = event.time;
      return;
    }
    target[recorded] = Math.round((event.time - lastEdge) * 1000000);
    recorded++;
    lastEdge = event.time;
    if (recorded >= limit) finish();
  }

  function mode(this: unknown, next: PinMode): void {
    pinMode(pin, MODE_NAMES[next]);
  }

  function write(this: unknown, level: number): void {
    digitalWrite(pin, level === 0 ? 0 : 1);
  }

  function read(this: unknown): number {
    return digitalRead(pin);
  }

  function capturePulses(this: unknown, lowMicroseconds: number, durations: Integers, capacity: number): boolean {
    if (watch >= 0) return false;
    target = durations;
    limit = capacity;
    recorded = 0;
    started = false;
    pinMode(pin, "opendrain");
    digitalWrite(pin, 1);
    startAfter = getTime() + lowMicroseconds / 1000000;
    watch = setWatch(onEdge, pin, { repeat: true, edge: "both" });
    finishTimer = setTimeout(onFinishTimer, CAPTURE_WINDOW_MS);
    digitalPulse(pin, 0, lowMicroseconds / 1000);
    return true;
  }

  function capturedPulses(this: unknown): number {
    return recorded;
  }

  function close(this: unknown): void {
    finish();
    pinMode(pin, MODE_NAMES[PinMode.Input]);
  }

  return { mode, write, read, capturePulses, capturedPulses, close };
}
