/**
 * The virtual board (hal/sim/virtual-board.ts) of every shipped simulator board: each sensor's chip
 * is at its address or pin, the drivers (hal/drivers) read its waveforms through the virtual buses
 * within each sensor's resolution, the air follows the board's clock, and faults — from the board
 * file or set at run time — give error readings.
 */
import { describe, expect, it } from "vitest";
import { listBoards, loadBoard } from "../../tools/build/board";
import type { Board, Sensor, SimQuantity } from "../../tools/build/board-types";
import { ADC1_CHANNELS, createVirtualBoard } from "../../hal/sim/virtual-board";
import { ADC_FULL_SCALE_MILLIVOLTS } from "../../tools/build/adc-scale";
import type { VirtualBoard } from "../../hal/sim/virtual-board";
import { nodePlatform } from "../../hal/sim/node-platform";
import { VirtualBme280 } from "../../hal/sim/devices/bme280";
import { VirtualSht3x } from "../../hal/sim/devices/sht3x";
import { VirtualDs18b20 } from "../../hal/sim/devices/ds18b20";
import { VirtualDht22Pin } from "../../hal/sim/devices/dht22";
import { newReading, ReadingStatus, Unit } from "../../hal/drivers/reading";
import type { Reading } from "../../hal/drivers/reading";
import { bme280Read, bme280Start, newBme280 } from "../../hal/drivers/bme280";
import { newSht3x, sht3xRead, sht3xStart } from "../../hal/drivers/sht3x";
import { ds18b20Read, ds18b20SetRom, ds18b20Start, newDs18b20 } from "../../hal/drivers/ds18b20";
import { dht22Read, dht22Start, newDht22 } from "../../hal/drivers/dht22";
import { analogRead, newAnalogInput } from "../../hal/drivers/analog";

const SIM_BOARDS = listBoards().filter((id) => id.startsWith("sim-"));

/** One quantity a driver read, and how close it must come to the air (in the board file's unit). */
interface Measured {
  quantity: SimQuantity;
  reading: Reading;
  /** The reading in the board file's unit (°C, %RH, hPa, mV). */
  scale: number;
  tolerance: number;
}

/** Reads `sensor` once with its driver over `virtual`'s buses. */
function readSensor(virtual: VirtualBoard, sensor: Sensor): Measured[] {
  const [first, second, third] = [newReading(), newReading(), newReading()];
  const hundredths = (quantity: SimQuantity, reading: Reading, tolerance: number): Measured => ({ quantity, reading, scale: 0.01, tolerance });
  switch (sensor.driver) {
    case "bme280": {
      const chip = newBme280(nodePlatform, virtual.i2c!, sensor.address);
      if (bme280Start(chip) === ReadingStatus.Ok) bme280Read(chip, first, second, third);
      else for (const reading of [first, second, third]) reading.status = ReadingStatus.NoDevice;
      return [hundredths("temperature", first, 0.01), hundredths("humidity", second, 0.1), { quantity: "pressure", reading: third, scale: 0.01, tolerance: 0.08 }];
    }
    case "sht3x": {
      const chip = newSht3x(nodePlatform, virtual.i2c!, sensor.address);
      sht3xStart(chip);
      sht3xRead(chip, first, second);
      return [hundredths("temperature", first, 0.01), hundredths("humidity", second, 0.01)];
    }
    case "ds18b20": {
      const chip = newDs18b20(nodePlatform, virtual.oneWire.get(virtual.board.buses.onewire!.pin)!);
      if (sensor.rom !== undefined) ds18b20SetRom(chip, Uint8Array.from(Buffer.from(sensor.rom, "hex")), 0);
      ds18b20Start(chip);
      ds18b20Read(chip, first);
      return [hundredths("temperature", first, 1 / 16)];
    }
    case "dht22": {
      const chip = newDht22(virtual.pins.get(sensor.pin)!);
      dht22Start(chip);
      dht22Read(chip, first, second);
      return [
        { quantity: "temperature", reading: first, scale: 0.1, tolerance: 0.05 },
        { quantity: "humidity", reading: second, scale: 0.1, tolerance: 0.05 },
      ];
    }
    case "analog": {
      const fullScale = ADC_FULL_SCALE_MILLIVOLTS[virtual.board.buses.adc!.attenuation];
      const calibration = { rawLow: 0, valueLow: 0, rawHigh: 4095, valueHigh: fullScale, decimals: 0, unit: Unit.Volt, minimum: 0, maximum: fullScale };
      analogRead(newAnalogInput(virtual.adc.get(sensor.pin)!, calibration), first);
      return [{ quantity: "millivolts", reading: first, scale: 1, tolerance: fullScale / 4095 }];
    }
    case "internal-temperature": {
      const celsius = virtual.chipCelsius();
      first.status = Number.isNaN(celsius) ? ReadingStatus.NoDevice : ReadingStatus.Ok;
      first.value = Number.isNaN(celsius) ? 0 : Math.round(celsius * 100);
      return [hundredths("temperature", first, 0.005)];
    }
  }
}

/** A board as shipped, with `fault` set on sensor `name` in its sim section. */
function withFault(id: string, name: string, fault: "absent" | "bad-crc"): Board {
  const board = loadBoard(id);
  board.sim!.sensors[name] = { ...board.sim!.sensors[name], fault };
  return board;
}

describe.each(SIM_BOARDS)("the virtual board of %s", (id) => {
  const board = loadBoard(id);
  let now = 123.4;
  const virtual = createVirtualBoard(board, { clock: () => now });

  it("puts every sensor's chip at its address or pin", () => {
    for (const sensor of board.sensors) {
      const part = virtual.sensors.get(sensor.name)!.part;
      switch (sensor.driver) {
        case "bme280":
        case "sht3x": {
          expect(part).toBeInstanceOf(sensor.driver === "bme280" ? VirtualBme280 : VirtualSht3x);
          const probe = new Uint8Array(1);
          expect(virtual.i2c!.read(sensor.address + 1, probe, 0, 1)).toBe(-1);
          break;
        }
        case "ds18b20":
          expect(part).toBeInstanceOf(VirtualDs18b20);
          expect(virtual.oneWire.get(board.buses.onewire!.pin)!.devices).toContain(part);
          break;
        case "dht22":
          expect(part).toBeInstanceOf(VirtualDht22Pin);
          expect(virtual.pins.get(sensor.pin)).toBe(part);
          break;
        case "analog":
          expect(virtual.adc.get(sensor.pin)).toBe(part);
          expect(virtual.espruinoBuses.adc!.get(sensor.pin)).toBe(part);
          expect(virtual.nodemcuBuses.adc!.get(ADC1_CHANNELS[sensor.pin])).toBe(part);
          break;
        case "internal-temperature":
          expect(virtual.chipCelsius()).toBe(virtual.sensors.get(sensor.name)!.air.value("temperature"));
          break;
      }
    }
  });

  it("lets the drivers read each sensor's waveforms within its resolution", () => {
    for (const time of [0, 123.4, 517, 3600]) {
      now = time;
      for (const sensor of board.sensors) {
        const air = virtual.sensors.get(sensor.name)!.air;
        for (const measured of readSensor(virtual, sensor)) {
          expect(measured.reading.status, `${sensor.name} ${measured.quantity}`).toBe(ReadingStatus.Ok);
          expect(Math.abs(measured.reading.value * measured.scale - air.value(measured.quantity)), `${sensor.name} ${measured.quantity} at ${time} s`).toBeLessThanOrEqual(measured.tolerance + 1e-9);
        }
      }
    }
  });

  it("gives error readings for a sensor the board file marks absent", () => {
    for (const sensor of board.sensors) {
      const faulty = createVirtualBoard(withFault(id, sensor.name, "absent"), { clock: () => 60 });
      expect(faulty.sensors.get(sensor.name)!.fault).toBe("absent");
      for (const measured of readSensor(faulty, sensor)) {
        // A floating analog pin reads 0 counts: a number, the one case where "absent" is not an error.
        if (sensor.driver === "analog") expect(measured.reading.value).toBe(0);
        else expect(measured.reading.status, sensor.name).toBe(ReadingStatus.NoDevice);
      }
    }
  });

  it("gives checksum errors for a bad-crc fault set at run time, and readings again once it is cleared", () => {
    for (const sensor of board.sensors.filter((one) => ["sht3x", "ds18b20", "dht22"].includes(one.driver))) {
      virtual.setFault(sensor.name, "bad-crc");
      expect(readSensor(virtual, sensor)[0].reading.status).toBe(ReadingStatus.BadChecksum);
      virtual.setFault(sensor.name, undefined);
      expect(readSensor(virtual, sensor)[0].reading.status).toBe(ReadingStatus.Ok);
    }
    for (const sensor of board.sensors.filter((one) => ["bme280", "analog", "internal-temperature"].includes(one.driver))) {
      expect(() => virtual.setFault(sensor.name, "bad-crc")).toThrow(/no checksum/);
    }
  });
});

describe("a virtual board", () => {
  it("follows its clock: a sine waveform reads its peak a quarter period after boot", () => {
    let now = 0;
    const virtual = createVirtualBoard(loadBoard("sim-bme280"), { clock: () => now });
    const air = virtual.sensors.get("climate")!.air;
    expect(air.celsius).toBeCloseTo(21.5, 9);
    now = 150;
    expect(air.celsius).toBeCloseTo(23, 9);
    expect(air.pascal).toBeCloseTo(101325, 6);
  });

  it("holds a value set at run time and releases it back to the waveform", () => {
    const virtual = createVirtualBoard(loadBoard("sim-espruino"), { clock: () => 0 });
    virtual.hold("air", "temperature", 30);
    const [temperature] = readSensor(virtual, board("sim-espruino", "air"));
    expect(temperature.reading.value).toBe(3000);
    virtual.hold("air", "temperature", undefined);
    expect(virtual.sensors.get("air")!.air.celsius).toBeCloseTo(22, 1);
    virtual.setFault("climate", "absent");
    expect(readSensor(virtual, board("sim-espruino", "climate"))[0].reading.status).toBe(ReadingStatus.NoDevice);
  });

  it("gives DS18B20s distinct ROM codes with valid CRCs, different for another seed", () => {
    const base = loadBoard("sim-ds18b20");
    base.sensors.push({ ...base.sensors[0], name: "second" });
    const romOf = (seed: number, name: string): string =>
      Buffer.from((createVirtualBoard(base, { seed, clock: () => 0 }).sensors.get(name)!.part as VirtualDs18b20).rom).toString("hex");
    expect(romOf(1, "probe")).not.toBe(romOf(1, "second"));
    expect(romOf(1, "probe")).not.toBe(romOf(2, "probe"));
    expect(romOf(1, "probe")).toBe(romOf(1, "probe"));
    expect(romOf(1, "probe").slice(0, 2)).toBe("28");
    const two = createVirtualBoard(base, { clock: () => 0 });
    const bus = two.oneWire.get(4)!;
    const found = new Uint8Array(16);
    expect(bus.search(found, 0, 2)).toBe(2);
  });

  it("has a chip temperature of 45 degrees when the board has no internal-temperature sensor", () => {
    expect(createVirtualBoard(loadBoard("sim-bme280"), { clock: () => 0 }).chipCelsius()).toBe(45);
  });
});

/** Sensor `name` of board `id`. */
function board(id: string, name: string): Sensor {
  return loadBoard(id).sensors.find((sensor) => sensor.name === name)!;
}
