/** The DHT22 driver against the virtual device's pulse trains. */
import { describe, it, expect, beforeEach } from "vitest";
import fc from "fast-check";
import { VirtualDht22Pin } from "../../hal/sim/devices/dht22";
import { VirtualGpio } from "../../hal/sim/devices/adc";
import { newEnvironment } from "../../hal/sim/devices/environment";
import type { Environment } from "../../hal/sim/devices/environment";
import { DHT22_START_LOW_MICROSECONDS, dht22Read, dht22Start, newDht22 } from "../../hal/drivers/dht22";
import type { Dht22 } from "../../hal/drivers/dht22";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";

describe("DHT22 driver over a virtual pin", () => {
  let environment: Environment;
  let pin: VirtualDht22Pin;
  let sensor: Dht22;
  const temperature = newReading();
  const humidity = newReading();

  beforeEach(() => {
    environment = newEnvironment();
    pin = new VirtualDht22Pin(environment);
    sensor = newDht22(pin);
  });

  const measure = (): ReadingStatus => {
    expect(dht22Start(sensor)).toBe(true);
    return dht22Read(sensor, temperature, humidity);
  };

  it("sends a start signal of at least 800 us and reads 20.0 degrees and 50.0 %RH in tenths", () => {
    expect(measure()).toBe(ReadingStatus.Ok);
    expect(pin.lastStartLow).toBe(DHT22_START_LOW_MICROSECONDS);
    expect(temperature).toEqual({ value: 200, decimals: 1, unit: Unit.Celsius, status: ReadingStatus.Ok });
    expect(humidity).toEqual({ value: 500, decimals: 1, unit: Unit.RelativeHumidity, status: ReadingStatus.Ok });
  });

  it("round-trips any temperature (negative ones by the sign bit) and humidity, with timing jitter", () => {
    pin.jitterMicroseconds = 12;
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 800 }), fc.integer({ min: 0, max: 1000 }), (deciCelsius, deciPercent) => {
        environment.celsius = deciCelsius / 10;
        environment.humidityPercent = deciPercent / 10;
        expect(measure()).toBe(ReadingStatus.Ok);
        expect(temperature.value).toBe(deciCelsius);
        expect(humidity.value).toBe(deciPercent);
      }),
    );
  });

  it("a checksum that is not the sum of the four bytes gives BadChecksum readings", () => {
    pin.corruptChecksum = true;
    expect(measure()).toBe(ReadingStatus.BadChecksum);
    expect(temperature).toMatchObject({ value: 0, status: ReadingStatus.BadChecksum });
    expect(humidity).toMatchObject({ value: 0, status: ReadingStatus.BadChecksum });
  });

  it("no reply gives NoDevice; a reply cut short gives Incomplete", () => {
    pin.present = false;
    expect(measure()).toBe(ReadingStatus.NoDevice);
    pin.present = true;
    pin.truncateAfter = 60;
    expect(measure()).toBe(ReadingStatus.Incomplete);
    expect(humidity.status).toBe(ReadingStatus.Incomplete);
  });

  it("a pin with nothing on it gives NoDevice", () => {
    const empty = newDht22(new VirtualGpio());
    expect(dht22Start(empty)).toBe(true);
    expect(dht22Read(empty, temperature, humidity)).toBe(ReadingStatus.NoDevice);
  });
});
