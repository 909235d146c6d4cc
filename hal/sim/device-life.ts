/**
 * The life of a simulated device, whatever its runtime: one boot at a time, reboots that tear the
 * running boot down at once and boot again on the next turn of Node's event loop, a stop after
 * which nothing boots, and the console stream the boots write to (kept to its last `OUTPUT_KEPT`
 * characters and handed to a listener as it comes). The runtime's host (espruino-device.ts,
 * nodemcu-device.ts) says how to boot and how to tear a boot down.
 */

/** How much console output a device keeps, in characters. */
export const OUTPUT_KEPT = 65536;

/** What a boot is given by its device. */
export interface BootContext {
  /** Appends `text` (a byte string) to the device's console stream. */
  write(text: string): void;
  /**
   * Reboots the device, as the firmware's own reboot call does; does nothing once this boot has
   * been torn down (a late callback of an old boot cannot reboot the next one).
   */
  reboot(): void;
}

/** A device's life, for its host. */
export interface DeviceLife<Boot> {
  /** The running boot (the last one, once stopped). */
  readonly current: Boot;
  /** Reboots done so far. */
  readonly reboots: number;
  /** The console output so far (the last `OUTPUT_KEPT` characters). */
  output(): string;
  /** Tears the running boot down now and boots again on the next turn of the event loop. */
  reboot(): void;
  /** Tears the running boot down for good (nothing boots afterwards); a second call does nothing. */
  stop(): void;
}

/**
 * Boots a device now with `boot`, and from then on `tearDown`s and boots again on each reboot;
 * `onOutput` is told every piece of console output. Owns the boots it made.
 */
export function startDeviceLife<Boot>(
  boot: (context: BootContext) => Boot,
  tearDown: (ending: Boot) => void,
  onOutput?: (text: string) => void,
): DeviceLife<Boot> {
  let output = "";
  let reboots = 0;
  let stopped = false;
  let rebootPending = false;
  let booting = false;
  let rebootWhenBooted = false;

  const write = (text: string): void => {
    output = output.length + text.length > OUTPUT_KEPT ? (output + text).slice(-OUTPUT_KEPT) : output + text;
    onOutput?.(text);
  };
  const reboot = (): void => {
    if (stopped || rebootPending) return;
    if (booting) {
      rebootWhenBooted = true;
      return;
    }
    rebootPending = true;
    tearDown(current);
    setImmediate(() => {
      rebootPending = false;
      if (stopped) return;
      reboots++;
      current = bootNow();
      rebootIfAsked();
    });
  };
  /** Boots; a reboot asked for while booting (the firmware's top level) waits until it has. */
  const bootNow = (): Boot => {
    const bootNumber = reboots;
    booting = true;
    try {
      return boot({
        write,
        reboot: () => {
          if (bootNumber === reboots && !rebootPending) reboot();
        },
      });
    } finally {
      booting = false;
    }
  };
  const rebootIfAsked = (): void => {
    if (!rebootWhenBooted) return;
    rebootWhenBooted = false;
    reboot();
  };

  let current = bootNow();
  rebootIfAsked();
  return {
    get current() {
      return current;
    },
    get reboots() {
      return reboots;
    },
    output: () => output,
    reboot,
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (!rebootPending) tearDown(current);
    },
  };
}
