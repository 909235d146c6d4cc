/**
 * Aosong DHT22 (AM2302) temperature and humidity on one GPIO pin: `dht22Start` pulls the line low
 * for the start signal and has the pin record the reply's pulse lengths; `dht22Read`,
 * `DHT22_REPLY_MS` later, decodes them. The reply (AM2302 datasheet, section 7) is 80 us low,
 * 80 us high, then 40 bits, each a 50 us low followed by a high of 26-28 us (0) or 70 us (1) —
 * decoded here as 1 when the high outlasts its low, so a runtime's uniformly slow or fast
 * timing still decodes — then the fifth byte, the low byte of the sum of the first four.
 * Readings: tenths of a degree Celsius and tenths of a percent RH, as the device sends them.
 * Read no more than once every two seconds (datasheet).
 * @hotpath-module
 */
import type { Gpio, Integers } from "../api";
import { ReadingStatus, Unit, failReading, setReading } from "./reading";
import type { Reading } from "./reading";

/** The start signal: the datasheet asks for at least 800 us low (1 ms typical). */
export const DHT22_START_LOW_MICROSECONDS = 1100;

/** The whole reply takes under 6 ms (80 + 80 + 40 x (50 + 70) us, plus the release). */
export const DHT22_REPLY_MS = 10;

/** The reply's levels: the low and high answer, two per bit, and the final low. */
const REPLY_PULSES = 83;
/** Index of the first bit's low pulse. */
const FIRST_BIT = 2;

/** Measurement ranges (datasheet table 1): -40 to 80 degrees, 0 to 100 %RH, in tenths. */
const LOWEST_DECI_CELSIUS = -400;
const HIGHEST_DECI_CELSIUS = 800;
const HIGHEST_DECI_PERCENT = 1000;

/** One DHT22 on a pin. */
export interface Dht22 {
  pin: Gpio;
  durations: Integers;
  /** The five decoded bytes. */
  bytes: Integers;
}

/** Makes the driver for the device on `pin`. Allocates: call at creation time. */
export function newDht22(pin: Gpio): Dht22 {
  const durations: Integers = [];
  const bytes: Integers = [];
  for (let index = 0; index < REPLY_PULSES; index++) {
    durations[index] = 0;
  }
  for (let index = 0; index < 5; index++) {
    bytes[index] = 0;
  }
  return { pin: pin, durations: durations, bytes: bytes };
}

/** Sends the start signal and starts recording the reply; false when a capture is still running. Never allocates. */
export function dht22Start(sensor: Dht22): boolean {
  return sensor.pin.capturePulses(DHT22_START_LOW_MICROSECONDS, sensor.durations, REPLY_PULSES);
}

/**
 * Decodes the recorded reply into the two caller-owned readings: `NoDevice` when nothing
 * answered, `Incomplete` when the reply stopped short, `BadChecksum` when the fifth byte is not
 * the sum of the others. Returns the temperature's status. Never allocates.
 */
export function dht22Read(sensor: Dht22, temperature: Reading, humidity: Reading): ReadingStatus {
  temperature.unit = Unit.Celsius;
  temperature.decimals = 1;
  humidity.unit = Unit.RelativeHumidity;
  humidity.decimals = 1;
  const count = sensor.pin.capturedPulses();
  let status = ReadingStatus.Ok;
  if (count === 0) {
    status = ReadingStatus.NoDevice;
  } else if (count < REPLY_PULSES - 1) {
    status = ReadingStatus.Incomplete;
  }
  if (status !== ReadingStatus.Ok) {
    failReading(humidity, status);
    return failReading(temperature, status);
  }
  const durations = sensor.durations;
  const bytes = sensor.bytes;
  for (let byteIndex = 0; byteIndex < 5; byteIndex++) {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const low = FIRST_BIT + (byteIndex * 8 + bit) * 2;
      value = value * 2 + (durations[low + 1] > durations[low] ? 1 : 0);
    }
    bytes[byteIndex] = value;
  }
  if ((bytes[0] + bytes[1] + bytes[2] + bytes[3]) % 256 !== bytes[4]) {
    failReading(humidity, ReadingStatus.BadChecksum);
    return failReading(temperature, ReadingStatus.BadChecksum);
  }
  const magnitude = (bytes[2] % 128) * 256 + bytes[3];
  const deciCelsius = bytes[2] >= 128 ? -magnitude : magnitude;
  setReading(humidity, bytes[0] * 256 + bytes[1], 1, Unit.RelativeHumidity, 0, HIGHEST_DECI_PERCENT);
  return setReading(temperature, deciCelsius, 1, Unit.Celsius, LOWEST_DECI_CELSIUS, HIGHEST_DECI_CELSIUS);
}
