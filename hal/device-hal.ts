import type { Adc, AdcOptions, Gpio, GpioOptions, I2c, I2cOptions, Link, LinkEvents, OneWire, OneWireOptions, Platform, Serial, SerialEvents, Socket, Storage } from "./api";

/**
 * Everything a firmware takes from its runtime, in one record made once at boot by
 * `hal/<runtime>/device.ts`: the platform, the makers of each HAL piece (a piece is made when the
 * board has a use for it), the device's identity, a periodic tick and a restart. The makers
 * allocate (creation time); nothing here is called per reading or per message except `nowMs`
 * through `platform`.
 */
export interface DeviceHal {
  /** "espruino" or "nodemcu": the firmware says which on the console and to Home Assistant. */
  runtime: string;
  platform: Platform;
  /** Makes a socket for the MQTT client (plain or TLS, chosen at `open`). */
  newSocket(this: void): Socket;
  /** Makes the Wi-Fi station; `hostname` ("" for the runtime's own) is what the access point is told. */
  newLink(this: void, events: LinkEvents, hostname: string): Link;
  /** The device's flash, for named blobs. */
  storage: Storage;
  /** Takes the serial console for the firmware's shell. */
  newSerial(this: void, events: SerialEvents): Serial;
  newI2c(this: void, options: I2cOptions): I2c;
  newOneWire(this: void, options: OneWireOptions): OneWire;
  newAdc(this: void, options: AdcOptions): Adc;
  newGpio(this: void, options: GpioOptions): Gpio;
  /**
   * The chip's own temperature sensor as an Adc whose raw value is whole degrees Fahrenheit (see
   * hal/drivers/chip-temperature.ts), or undefined when the runtime offers no way to read it.
   */
  newChipTemperature(this: void): Adc | undefined;
  /** The chip's id as an integer 0 .. 2^31 - 1 (the low bytes of its MAC address). */
  chipId(this: void): number;
  /** Calls `tick` every `periodMs` from the runtime's event loop, for the life of the device. */
  every(this: void, periodMs: number, tick: (this: void) => void): void;
  /** Calls `action` once, `delayMs` from now, from the runtime's event loop. */
  after(this: void, delayMs: number, action: (this: void) => void): void;
  /** Restarts the device now, as its reset button would (nothing is closed first). */
  reboot(this: void): void;
}
