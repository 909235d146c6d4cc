/** @noSelfInFile */

/**
 * NodeMCU's `tmr` module, as far as hal/nodemcu uses it (docs/modules/tmr.md and
 * app/modules/tmr.c on the `release` branch for ESP8266; docs/modules/tmr.md on `dev-esp32`).
 * The module functions are called with `.`; a timer object's methods with `:` (each declares its
 * `this`).
 */
declare namespace tmr {
  /**
   * The system counter in microseconds, wrapping to 0 after 31 bits (about 35 minutes).
   * ESP8266 (`release`) only: `dev-esp32` has no `tmr.now`, it has `node.uptime()` instead.
   */
  const now: ((this: void) => number) | undefined;
  /** Mode: the alarm fires once, then the timer unregisters itself (0). */
  const ALARM_SINGLE: number;
  /** Mode: the alarm fires every interval until stopped (1). */
  const ALARM_AUTO: number;
  /** Mode: the alarm fires once; `:start()` arms it again (2). */
  const ALARM_SEMI: number;
  /** A new timer object, not registered. */
  function create(): TmrTimer;
}

/** A timer callback: called from the firmware's event loop with the timer object. */
type TmrCallback = (this: void, timer: TmrTimer) => void;

/** A `tmr.create()` timer (a userdata). */
interface TmrTimer {
  /**
   * Registers `callback` to run every `intervalMs` (1 to 6870947) in `mode` (tmr.ALARM_*)
   * without starting it; raises a Lua error for an interval or mode out of range.
   */
  register(this: TmrTimer, intervalMs: number, mode: number, callback: TmrCallback): void;
  /** `register` then `start`; true when the timer was started. */
  alarm(this: TmrTimer, intervalMs: number, mode: number, callback: TmrCallback): boolean;
  /**
   * Starts a registered timer; false when it is running already (ESP8266: unless `restart` is
   * true) or not registered.
   */
  start(this: TmrTimer, restart?: boolean): boolean;
  /** Stops the timer, keeping its registration; false when it was not running. */
  stop(this: TmrTimer): boolean;
  /** Stops the timer and forgets its callback. */
  unregister(this: TmrTimer): void;
}
