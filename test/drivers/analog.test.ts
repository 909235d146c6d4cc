/** Analog inputs with two-point calibration, and the chip temperature, over virtual converters. */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { VirtualAdc } from "../../hal/sim/devices/adc";
import { analogRead, calibrate, newAnalogInput } from "../../hal/drivers/analog";
import type { AnalogCalibration } from "../../hal/drivers/analog";
import { newChipTemperature } from "../../hal/drivers/chip-temperature";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";

/** The ESP32's 12-bit converter to millivolts at 11 dB attenuation, nominally 0..3300 mV. */
const MILLIVOLTS: AnalogCalibration = { rawLow: 0, valueLow: 0, rawHigh: 4095, valueHigh: 3300, decimals: 3, unit: Unit.Volt, minimum: 0, maximum: 3300 };

describe("analog input with linear calibration", () => {
  const reading = newReading();

  it("maps raw counts through the two points, rounding to the nearest step", () => {
    const adc = new VirtualAdc();
    const input = newAnalogInput(adc, MILLIVOLTS);
    for (const [raw, millivolts] of [[0, 0], [4095, 3300], [2048, 1650], [1, 1], [1000, 806]]) {
      adc.raw = raw;
      expect(analogRead(input, reading)).toBe(ReadingStatus.Ok);
      expect(reading).toEqual({ value: millivolts, decimals: 3, unit: Unit.Volt, status: ReadingStatus.Ok });
    }
  });

  it("agrees with the exact line within half a step for any points and raw count, falling lines and negative values included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4095 }), fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: 0, max: 4095 }), fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: 0, max: 4095 }),
        (rawLow, valueLow, rawHigh, valueHigh, raw) => {
          fc.pre(rawLow !== rawHigh);
          const input = newAnalogInput(new VirtualAdc(), { rawLow, valueLow, rawHigh, valueHigh, decimals: 0, unit: Unit.None, minimum: -100000, maximum: 100000 });
          const exact = valueLow + ((raw - rawLow) * (valueHigh - valueLow)) / (rawHigh - rawLow);
          expect(Math.abs(calibrate(input.calibration, raw) - exact)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it("values outside the plausible range are OutOfRange", () => {
    const adc = new VirtualAdc();
    const input = newAnalogInput(adc, { ...MILLIVOLTS, minimum: 100, maximum: 3000 });
    adc.raw = 4095;
    expect(analogRead(input, reading)).toBe(ReadingStatus.OutOfRange);
    expect(reading.value).toBe(0);
    adc.raw = 10;
    expect(analogRead(input, reading)).toBe(ReadingStatus.OutOfRange);
  });

  it("follows a triangle waveform from 0 to full scale and back", () => {
    const adc = new VirtualAdc();
    adc.waveform = true;
    adc.period = 4;
    const input = newAnalogInput(adc, MILLIVOLTS);
    const values = [0, 1, 2, 3, 4].map(() => (analogRead(input, reading), reading.value));
    expect(values).toEqual([0, 1650, 3300, 1650, 0]);
  });
});

describe("chip temperature", () => {
  it("reads the ESP32's raw degrees Fahrenheit as centi-degrees Celsius", () => {
    const adc = new VirtualAdc(511);
    const input = newChipTemperature(adc);
    const reading = newReading();
    adc.raw = 122;
    expect(analogRead(input, reading)).toBe(ReadingStatus.Ok);
    expect(reading).toEqual({ value: 5000, decimals: 2, unit: Unit.Celsius, status: ReadingStatus.Ok });
    adc.raw = 0;
    expect(analogRead(input, reading)).toBe(ReadingStatus.Ok);
    expect(reading.value).toBe(-1778);
    adc.raw = 300;
    expect(analogRead(input, reading)).toBe(ReadingStatus.OutOfRange);
  });
});
