/**
 * What a firmware build embeds of its board file (boards/*.json): the sensors and how each is
 * wired, the buses, the link, the client's buffer sizes, and the settings the board presets. The
 * build (tools/build/firmware.ts) checks the board file and turns it into this record, all
 * integers and text: a calibration's decimal values are already fixed point, an analog input's
 * millivolts already raw counts, so the device does no floating point with them.
 */

/** One sensor as the device drives it. */
export interface DeviceSensor {
  /** The sensor's topic level. */
  name: string;
  /** "bme280", "sht3x", "ds18b20", "dht22", "analog" or "internal-temperature". */
  driver: string;
  /** I2C address (bme280, sht3x); 0 for the others. */
  address: number;
  /** GPIO (dht22, analog); -1 for the others. */
  pin: number;
  /** The DS18B20's ROM code as 16 hex digits when the bus has several; "" otherwise. */
  rom: string;
  /** Analog inputs: the quantity's topic level and unit; "" for the others. */
  quantity: string;
  unit: string;
  /**
   * Analog inputs: the two-point line as raw counts and fixed-point values, its decimals and
   * the plausible range: rawLow, valueLow, rawHigh, valueHigh, decimals, minimum, maximum.
   * Empty for the others.
   */
  calibration: number[];
}

/** One setting the board presets (the config's board layer), as console text: `set <name> <value>`. */
export interface BoardSetting {
  name: string;
  value: string;
}

/** The board, as the firmware sees it. */
export interface DeviceBoard {
  id: string;
  name: string;
  chip: string;
  /** I2C pins and clock: sda, scl, hz; empty when the board has no I2C bus. */
  i2c: number[];
  /** The 1-Wire bus's pin; -1 when there is none. */
  oneWirePin: number;
  /** "wifi", or "sim" for the simulator's network with no join step. */
  link: string;
  /** The host name the Wi-Fi station gives ("" for the runtime's own). */
  hostname: string;
  sensors: DeviceSensor[];
  /** The client's sizes (ClientOptions of the same names). */
  maximumPacketSize: number;
  queueCapacity: number;
  maximumQueuedMessages: number;
  maximumInflight: number;
  settings: BoardSetting[];
}
