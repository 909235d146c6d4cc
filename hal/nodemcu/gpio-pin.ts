import { PinMode } from "../api";
import type { Gpio, GpioOptions, Integers } from "../api";

/**
 * The Gpio for NodeMCU on ESP32, over the `gpio` module (docs/modules/gpio.md on `dev-esp32`):
 * `gpio.config` per mode, `gpio.write`, `gpio.read`. Pulse capture uses `gpio.trig` on both edges
 * with `node.uptime()` read in the callback: the start signal is the pin driven low (open-drain)
 * for the asked time rounded up to whole milliseconds (a `tmr` alarm), then released; from the
 * first falling edge after the release on, each edge records the microseconds since the last,
 * until `capacity` are in or `CAPTURE_WINDOW_MS` pass.
 *
 * Caveat, by design of the firmware: `gpio.trig` callbacks run from the Lua task queue, not in
 * the interrupt, so on the chip `node.uptime()` is read late by a varying delay that can be longer
 * than a DHT22 bit; edges can also merge. Pulse capture this way is impractical on real hardware
 * for pulses of tens of microseconds (NodeMCU's own `dht` module reads a DHT22 in C); it is
 * here so the same driver runs on both runtimes in the simulator, whose `gpio` delivers each
 * edge with the clock at the edge's time.
 *
 * Allocation: the config tables, the callbacks and the timers are made at creation. `close()`
 * ends a capture and leaves the pin a floating input.
 */

/** How long after the release a capture ends at the latest (a DHT22's reply takes under 6 ms). */
const CAPTURE_WINDOW_MS = 20;

/** Microseconds from `earlier` to `later` on `node.uptime()`'s low part, across one wrap. */
function elapsed(earlier: number, later: number): number {
  const difference = later - earlier;
  // On 32-bit integer Lua the low part wraps at 2^31; added in two steps so nothing overflows.
  return difference < 0 ? difference + 2147483647 + 1 : difference;
}

/** The low part of `node.uptime()` (microseconds). */
function uptimeLow(): number {
  const [low] = node.uptime!();
  return low;
}

/** Makes the pin `options.pin` in `options.mode` (read now, not kept). Allocates: call at creation time. */
export function newNodemcuGpio(options: GpioOptions): Gpio {
  const pin = options.pin;
  const configs: GpioConfig[] = [
    { gpio: pin, dir: gpio.IN, pull: gpio.FLOATING },
    { gpio: pin, dir: gpio.IN, pull: gpio.PULL_UP },
    { gpio: pin, dir: gpio.OUT },
    { gpio: pin, dir: gpio.IN_OUT, opendrain: 1, pull: gpio.PULL_UP },
  ];
  const releaseTimer = tmr.create();
  const finishTimer = tmr.create();
  let target: Integers = [];
  let limit = 0;
  let recorded = 0;
  let capturing = false;
  let started = false;
  let lastEdge = 0;
  gpio.config(configs[options.mode]);

  function finish(): void {
    if (!capturing) return;
    capturing = false;
    gpio.trig(pin, gpio.INTR_DISABLE);
    releaseTimer.stop();
    finishTimer.stop();
  }

  function onFinish(this: void): void {
    finish();
  }

  function onEdge(this: void, _pin: number, level: number): void {
    if (!capturing) return;
    const now = uptimeLow();
    if (!started) {
      if (level !== 0) return;
      started = true;
      lastEdge = now;
      return;
    }
    target[recorded] = elapsed(lastEdge, now);
    recorded++;
    lastEdge = now;
    if (recorded >= limit) finish();
  }

  function onRelease(this: void): void {
    gpio.trig(pin, gpio.INTR_UP_DOWN, onEdge);
    gpio.write(pin, 1);
    finishTimer.alarm(CAPTURE_WINDOW_MS, tmr.ALARM_SINGLE, onFinish);
  }

  function mode(this: unknown, next: PinMode): void {
    gpio.config(configs[next]);
  }

  function write(this: unknown, level: number): void {
    gpio.write(pin, level === 0 ? 0 : 1);
  }

  function read(this: unknown): number {
    return gpio.read(pin);
  }

  function capturePulses(this: unknown, lowMicroseconds: number, durations: Integers, capacity: number): boolean {
    if (capturing) return false;
    capturing = true;
    started = false;
    target = durations;
    limit = capacity;
    recorded = 0;
    gpio.config(configs[PinMode.OpenDrain]);
    gpio.write(pin, 0);
    releaseTimer.alarm(Math.ceil(lowMicroseconds / 1000), tmr.ALARM_SINGLE, onRelease);
    return true;
  }

  function capturedPulses(this: unknown): number {
    return recorded;
  }

  function close(this: unknown): void {
    finish();
    gpio.config(configs[PinMode.Input]);
  }

  return { mode, write, read, capturePulses, capturedPulses, close };
}
