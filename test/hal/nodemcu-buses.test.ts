/**
 * The NodeMCU bus HAL (hal/nodemcu/i2c-bus.ts, onewire-bus.ts, adc-input.ts), built alone with
 * the sensor drivers as a Lua bundle (test/runtimes/fixtures/hal-buses-nodemcu.ts) and run on
 * fengari (Lua 5.3, 32-bit integers) with `i2c`, `ow` and `adc` emulated over the virtual devices
 * (hal/sim/nodemcu-buses.ts, hal/sim/devices). The readings must be the ones the same drivers
 * give on Node straight over the virtual buses, and match the virtual air within the sensors'
 * resolution.
 */
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFengariLua } from "../../hal/sim/lua";
import type { FengariLua } from "../../hal/sim/lua";
import { buildLuaBundle } from "../../tools/build/nodemcu";
import { PROJECT_ROOT } from "../../tools/build/project";
import { installNodemcuBuses } from "../../hal/sim/nodemcu-buses";
import { MILLIVOLTS, busRig, nodeReadings } from "./bus-rig";
import type { BusRig, CycleReadings } from "./bus-rig";
import { ReadingStatus } from "../../hal/drivers/reading";
import { BME280_ADDRESS } from "../../hal/drivers/bme280";
import { SHT3X_ADDRESS } from "../../hal/drivers/sht3x";
import { PinMode } from "../../hal/api";
import { VirtualDht22Pin } from "../../hal/sim/devices/dht22";
import { installNodemcuTimers } from "../../hal/sim/nodemcu-tmr";
import { waitFor } from "../runtimes/socket-harness";

const BUNDLE = path.join(PROJECT_ROOT, "dist/test/hal-buses-nodemcu.lua");

beforeAll(() => {
  buildLuaBundle("test/runtimes/fixtures/hal-buses-nodemcu.ts", BUNDLE);
});

/** The Lua side: the buses made through the HAL, and the cycle bus-rig.ts runs on Node. */
function driver(rig: BusRig): string {
  const calibration = Object.entries(MILLIVOLTS)
    .map(([key, value]) => `${key} = ${value}`)
    .join(", ");
  return `
  hal = require("hal")
  platform = hal.platform
  i2cBus = hal.newI2c({ data = 21, clock = 22, hz = 100000 })
  oneWire = hal.newOneWire({ pin = ${rig.oneWirePin} })
  adcInput = hal.newAdc({ pin = ${rig.adcPin} })
  function cycle()
    local readings = {}
    for i = 1, 7 do readings[i] = hal.newReading() end
    local bme = hal.newBme280(platform, i2cBus, ${BME280_ADDRESS})
    local starts = { hal.bme280Start(bme) }
    hal.bme280Read(bme, readings[1], readings[2], readings[3])
    local sht = hal.newSht3x(platform, i2cBus, ${SHT3X_ADDRESS})
    starts[2] = hal.sht3xStart(sht)
    hal.sht3xRead(sht, readings[4], readings[5])
    local ds = hal.newDs18b20(platform, oneWire)
    starts[3] = hal.ds18b20Start(ds)
    hal.ds18b20Read(ds, readings[6])
    hal.analogRead(hal.newAnalogInput(adcInput, { ${calibration} }), readings[7])
    local values, statuses = {}, {}
    for i = 1, 7 do
      values[i] = tostring(readings[i].value)
      statuses[i] = tostring(readings[i].status)
    end
    return table.concat(values, ","), table.concat(statuses, ","), table.concat(starts, ",")
  end
`;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The GPIO the DHT22 is on. */
const DHT22_PIN = 15;

/** A fresh Lua state with the bus bundle, `tmr` and the emulated buses wired to `rig` (a DHT22 on `DHT22_PIN`). */
function boot(rig: BusRig, dht22 = new VirtualDht22Pin(rig.environment)): FengariLua {
  const lua = createFengariLua({ hal: BUNDLE });
  const errors: string[] = [];
  const onError = (message: string): void => {
    errors.push(message);
  };
  const timers = installNodemcuTimers(lua.state, { onError });
  cleanups.push(() => {
    timers.stopAll();
    expect(errors).toEqual([]);
  });
  installNodemcuBuses(lua.state, {
    i2c: rig.i2c,
    oneWire: new Map([[rig.oneWirePin, rig.oneWire]]),
    adc: new Map([[rig.adcPin, rig.adc]]),
    pins: new Map([[DHT22_PIN, dht22]]),
    onError,
  });
  lua.run(driver(rig));
  return lua;
}

const numbers = (text: unknown): number[] => String(text).split(",").map(Number);

/** One reading cycle on the device. */
function cycle(lua: FengariLua): CycleReadings {
  const [values, statuses, starts] = lua.run("return cycle()").values;
  return { values: numbers(values), statuses: numbers(statuses), starts: numbers(starts) };
}

describe("NodeMCU bus HAL over the emulated i2c, ow and adc", () => {
  it("reads the BME280, SHT3x, DS18B20 and analog input as the drivers do on Node", () => {
    const rig = busRig();
    const device = cycle(boot(rig));
    expect(device).toEqual(nodeReadings(busRig()));
    expect(device.statuses.every((status) => status === ReadingStatus.Ok)).toBe(true);
    rig.expectNearEnvironment(device);
  });

  it("follows the air as it changes", () => {
    const rig = busRig();
    const lua = boot(rig);
    rig.setAir(-12.5, 83, 99000, 1000);
    const device = cycle(lua);
    rig.expectNearEnvironment(device);
    expect(device.values[5]).toBe(-1250);
  });

  it("gives error readings, not a crash, when the devices are gone", () => {
    const rig = busRig();
    const lua = boot(rig);
    rig.removeAll();
    const device = cycle(lua);
    expect(device.starts).toEqual([ReadingStatus.NoDevice, ReadingStatus.NoDevice, ReadingStatus.NoDevice]);
    // The BME280 never got its calibration, so its reads are incomplete. The emulated `i2c`
    // acknowledges every address (its devices answer per transfer), so the SHT3x's refused read
    // arrives as 0xFF bytes and fails its CRC; on the chip the address goes unacknowledged.
    expect(device.statuses.slice(0, 6)).toEqual([
      ReadingStatus.Incomplete,
      ReadingStatus.Incomplete,
      ReadingStatus.Incomplete,
      ReadingStatus.BadChecksum,
      ReadingStatus.BadChecksum,
      ReadingStatus.NoDevice,
    ]);
    expect(device.values.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("finds the DS18B20 by Search ROM and reads it by its ROM code", () => {
    const rig = busRig();
    const lua = boot(rig);
    const [found, rom, set, value] = lua.run(`
      local store = platform.newBytes(16)
      local found = oneWire:search(store, 0, 2)
      local sensor = hal.newDs18b20(platform, oneWire)
      local set = hal.ds18b20SetRom(sensor, store, 0)
      local reading = hal.newReading()
      hal.ds18b20Start(sensor)
      hal.ds18b20Read(sensor, reading)
      return found, platform.readText(store, 0, 8), set, reading.value
    `).values;
    expect(found).toBe(1);
    expect(Buffer.from(String(rom), "latin1")).toEqual(Buffer.from(rig.romCode));
    expect(set).toBe(true);
    expect(value).toBe(2000);
  });

  it("stops a closed bus: -1 on I2C, no presence on 1-Wire, -1 from the ADC", () => {
    const lua = boot(busRig());
    const values = lua.run(`
      i2cBus:close() oneWire:close() adcInput:close()
      return i2cBus:readRegisters(0x76, 0xd0, platform.newBytes(1), 0, 1), oneWire:reset(), adcInput:read()
    `).values;
    expect(values).toEqual([-1, false, -1]);
  });

  it("raises a Lua error for an i2c interface used before setup", () => {
    const lua = createFengariLua({});
    installNodemcuBuses(lua.state, {});
    expect(() => lua.run("i2c.start(i2c.SW)")).toThrow(/not set up/);
  });

  it("reads a DHT22 through gpio.trig edges timed by node.uptime", async () => {
    const rig = busRig();
    rig.setAir(-7.3, 61.4, 101325, 0);
    const lua = boot(rig);
    lua.run(`
      pin = hal.newGpio({ pin = ${DHT22_PIN}, mode = ${PinMode.InputPullUp} })
      dht = hal.newDht22(pin)
      temperature, humidity = hal.newReading(), hal.newReading()
    `);
    expect(lua.run("return hal.dht22Start(dht), hal.dht22Start(dht)").values).toEqual([true, false]);
    await waitFor("the DHT22 reply", () => lua.run("return pin:capturedPulses()").values[0] === 83);
    const values = lua.run("return hal.dht22Read(dht, temperature, humidity), temperature.value, humidity.value").values;
    expect(values).toEqual([ReadingStatus.Ok, -73, 614]);
    expect(lua.run("return hal.dht22Start(dht)").values).toEqual([true]);
  });

  it("gives a DHT22 that does not answer a no-device reading", async () => {
    const rig = busRig();
    const dht22 = new VirtualDht22Pin(rig.environment);
    dht22.present = false;
    const lua = boot(rig, dht22);
    lua.run(`
      dht = hal.newDht22(hal.newGpio({ pin = ${DHT22_PIN}, mode = ${PinMode.InputPullUp} }))
      temperature, humidity = hal.newReading(), hal.newReading()
    `);
    expect(lua.run("return hal.dht22Start(dht)").values).toEqual([true]);
    await waitFor("the capture window to close", () => lua.run("return hal.dht22Start(dht)").values[0] === true);
    expect(lua.run("return hal.dht22Read(dht, temperature, humidity)").values).toEqual([ReadingStatus.NoDevice]);
  });

  it("drives and reads a plain pin", () => {
    const lua = boot(busRig());
    const values = lua.run(`
      local pin = hal.newGpio({ pin = ${DHT22_PIN}, mode = ${PinMode.Output} })
      pin:write(0)
      local low = pin:read()
      pin:mode(${PinMode.InputPullUp})
      return low, pin:read()
    `).values;
    expect(values).toEqual([0, 1]);
  });
});
