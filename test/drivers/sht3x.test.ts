/** The SHT3x driver against the virtual chip: round trips, CRC failures and silence give error readings. */
import { describe, it, expect, beforeEach } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { VirtualI2cBus } from "../../hal/sim/devices/i2c-bus";
import { VirtualSht3x } from "../../hal/sim/devices/sht3x";
import { newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { SHT3X_ADDRESS, newSht3x, sht3xRead, sht3xStart } from "../../hal/drivers/sht3x";
import type { Sht3x } from "../../hal/drivers/sht3x";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";

/** One raw step is 175/65535 degrees and 100/65535 %RH; the hundredths add half a step of rounding. */
const CELSIUS_TOLERANCE = 175 / 65535 / 2 + 0.005;
const PERCENT_TOLERANCE = 100 / 65535 / 2 + 0.005;

describe("SHT3x driver over the virtual I2C bus", () => {
  let environment: Environment;
  let bus: VirtualI2cBus;
  let chip: VirtualSht3x;
  let sensor: Sht3x;
  const temperature = newReading();
  const humidity = newReading();

  beforeEach(() => {
    environment = newEnvironment();
    bus = new VirtualI2cBus();
    chip = new VirtualSht3x(environment);
    bus.attach(SHT3X_ADDRESS, chip);
    sensor = newSht3x(nodePlatform, bus, SHT3X_ADDRESS);
  });

  const measure = (): ReadingStatus => {
    const started = sht3xStart(sensor);
    return started === ReadingStatus.Ok ? sht3xRead(sensor, temperature, humidity) : started;
  };

  it("reads 20 degrees and 50 %RH as 2000 and 5000 hundredths", () => {
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(temperature).toEqual({ value: 2000, decimals: 2, unit: Unit.Celsius, status: ReadingStatus.Ok });
    expect(humidity).toEqual({ value: 5000, decimals: 2, unit: Unit.RelativeHumidity, status: ReadingStatus.Ok });
  });

  it("round-trips any temperature and humidity in the measurement range", () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 125, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (celsius, percent) => {
        environment.celsius = celsius;
        environment.humidityPercent = percent;
        expect(measure()).toBe(ReadingStatus.Ok);
        expect(Math.abs(temperature.value / 100 - celsius)).toBeLessThanOrEqual(CELSIUS_TOLERANCE);
        expect(humidity.status).toBe(ReadingStatus.Ok);
        expect(Math.abs(humidity.value / 100 - percent)).toBeLessThanOrEqual(PERCENT_TOLERANCE);
      }),
    );
  });

  it("a wrong CRC on a word gives BadChecksum readings", () => {
    chip.corruptCrc = true;
    expect(measure()).toBe(ReadingStatus.BadChecksum);
    expect(temperature).toMatchObject({ value: 0, status: ReadingStatus.BadChecksum });
    expect(humidity).toMatchObject({ value: 0, status: ReadingStatus.BadChecksum });
  });

  it("a missing chip gives NoDevice at the start and at the read", () => {
    chip.present = false;
    expect(sht3xStart(sensor)).toBe(ReadingStatus.NoDevice);
    expect(sht3xRead(sensor, temperature, humidity)).toBe(ReadingStatus.NoDevice);
    expect(humidity.status).toBe(ReadingStatus.NoDevice);
  });

  it("a read with no measurement started is not acknowledged: NoDevice", () => {
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(sht3xRead(sensor, temperature, humidity)).toBe(ReadingStatus.NoDevice);
  });

  it("below -40 degrees the reading is OutOfRange", () => {
    environment.celsius = -44;
    expect(measure()).toBe(ReadingStatus.OutOfRange);
    expect(temperature.value).toBe(0);
  });
});
