/**
 * A board file's virtual hardware: the chips its sensors name, on the buses and pins the board
 * wires them to, each measuring air that follows the board's waveforms (`sim.sensors[name]`) on a
 * clock the host gives (seconds since the device booted). What the emulations of each runtime take
 * (`espruinoBuses` for hal/sim/espruino-buses.ts, `nodemcuBuses` for hal/sim/nodemcu-buses.ts) and
 * live handles for tests and a UI: a sensor's value held or released, a fault set or cleared.
 *
 * The wiring (hal/sim/devices):
 * - one `VirtualI2cBus` when the board has `buses.i2c`, with a `VirtualBme280` or `VirtualSht3x`
 *   at each such sensor's address;
 * - one `VirtualOneWireBus` on `buses.onewire.pin` with a `VirtualDs18b20` per DS18B20 sensor: its
 *   ROM code the sensor's `rom` when given, else family 0x28 and a serial made from the seed and the
 *   sensor's index (distinct per sensor);
 * - a `VirtualAdc` per analog sensor's pin whose raw count follows the `millivolts` waveform through
 *   the ESP32's 12-bit converter at the bus's attenuation (`ADC_FULL_SCALE_MILLIVOLTS`); for NodeMCU
 *   the same inputs by ADC1 channel (`ADC1_CHANNELS`);
 * - a `VirtualDht22Pin` on each DHT22 sensor's pin;
 * - the chip's own temperature (`chipCelsius`), the internal-temperature sensor's `temperature`
 *   waveform, or a constant 45 degrees (a die at work in a 25-degree room) when the board has none.
 * A quantity without a waveform stays at 20 degrees, 50 %RH, 1013.25 hPa or 0 mV.
 *
 * Faults (`sim.sensors[name].fault`, or `setFault` at run time) use the devices' own switches:
 * "absent" takes the chip off its bus (I2C and 1-Wire devices stop answering, a DHT22 sends nothing,
 * an analog pin floats at 0 counts, the chip temperature reads NaN); "bad-crc" makes an SHT3x,
 * DS18B20 or DHT22 send a wrong checksum (the other chips have none: `setFault` refuses it, as the
 * board check does). Nothing here starts a timer: values are computed when a device measures.
 */
import { ADC_FULL_SCALE_MILLIVOLTS, ADC_MAXIMUM } from "../../tools/build/adc-scale";
import type { Board, Driver, Sensor, SimQuantity, Waveform } from "../../tools/build/board-types";
import type { Environment } from "./devices/environment";
import { VirtualI2cBus } from "./devices/i2c-bus";
import { VirtualOneWireBus } from "./devices/onewire-bus";
import { VirtualAdc } from "./devices/adc";
import { VirtualBme280 } from "./devices/bme280";
import { VirtualSht3x } from "./devices/sht3x";
import { VirtualDs18b20, ds18b20Rom } from "./devices/ds18b20";
import { VirtualDht22Pin } from "./devices/dht22";
import type { Gpio } from "../api";
import type { EspruinoBusesOptions } from "./espruino-buses";
import type { NodemcuBusesOptions } from "./nodemcu-buses";
import { deriveSeed, newSignal, seededUniform } from "./waveform";
import type { Signal } from "./waveform";

/** Options for `createVirtualBoard`. */
export interface VirtualBoardOptions {
  /** Seed of the waveforms' randomness and the DS18B20 serials; the board's `sim.seed` (1) by default. */
  seed?: number;
  /** Seconds since the device booted: the waveforms' time. */
  clock: () => number;
}

export type SensorFault = "absent" | "bad-crc";

/** The ESP32 ADC1 channel of each GPIO that has one (NodeMCU's `adc.read(adc.ADC1, channel)`). */
export const ADC1_CHANNELS: Record<number, number> = { 36: 0, 37: 1, 38: 2, 39: 3, 32: 4, 33: 5, 34: 6, 35: 7 };

/** The chip temperature of a board without an internal-temperature sensor. */
const DEFAULT_CHIP_WAVEFORM: Waveform = { shape: "constant", mean: 45, amplitude: 0, periodSeconds: 600, noise: 0 };
/** A quantity's value when its sensor has no waveform for it. */
const RESTING_VALUES: Record<SimQuantity, number> = { temperature: 20, humidity: 50, pressure: 1013.25, millivolts: 0 };
const QUANTITIES: SimQuantity[] = ["temperature", "humidity", "pressure", "millivolts"];

/**
 * The air one sensor measures: each quantity follows its waveform on the board's clock, unless a
 * value is held. Implements the devices' `Environment` with getters (temperature in degrees,
 * humidity in %RH, pressure in Pa); assigning a field holds that value, as a test would set it.
 */
export class SensorAir implements Environment {
  private readonly held: Record<SimQuantity, number | undefined> = { temperature: undefined, humidity: undefined, pressure: undefined, millivolts: undefined };

  constructor(private readonly signals: Record<SimQuantity, Signal>, private readonly clock: () => number) {}

  /** The quantity now, in the board file's unit (°C, %RH, hPa, mV). */
  value(quantity: SimQuantity): number {
    return this.held[quantity] ?? this.signals[quantity](this.clock());
  }

  /** Holds `quantity` at `value` (board file unit); `undefined` lets it follow its waveform again. */
  hold(quantity: SimQuantity, value: number | undefined): void {
    this.held[quantity] = value;
  }

  get celsius(): number {
    return this.value("temperature");
  }
  set celsius(value: number) {
    this.hold("temperature", value);
  }
  get humidityPercent(): number {
    return this.value("humidity");
  }
  set humidityPercent(value: number) {
    this.hold("humidity", value);
  }
  get pascal(): number {
    return this.value("pressure") * 100;
  }
  set pascal(value: number) {
    this.hold("pressure", value / 100);
  }
}

/** An ADC input whose raw count follows its air's `millivolts` through the converter's full scale. */
export class MillivoltAdc extends VirtualAdc {
  /** True makes the pin float: it reads 0 counts ("absent"). */
  floating = false;

  constructor(readonly air: SensorAir, readonly fullScaleMillivolts: number) {
    super(ADC_MAXIMUM);
  }

  override read(): number {
    this.raw = this.floating ? 0 : (this.air.value("millivolts") / this.fullScaleMillivolts) * this.maximum;
    return super.read();
  }
}

/** The chip's own temperature sensor: °C on the board's clock; `present = false` reads NaN. */
export class ChipThermometer {
  present = true;

  constructor(readonly air: SensorAir) {}

  /** Degrees Celsius now (NaN while absent). */
  celsius(): number {
    return this.present ? this.air.value("temperature") : Number.NaN;
  }
}

/** The virtual part behind a sensor. */
export type VirtualPart = VirtualBme280 | VirtualSht3x | VirtualDs18b20 | VirtualDht22Pin | MillivoltAdc | ChipThermometer;

/** One sensor of the board as the simulator has it. */
export interface VirtualSensorHandle {
  readonly sensor: Sensor;
  readonly air: SensorAir;
  readonly part: VirtualPart;
  /** The fault in force (undefined when the part works). */
  readonly fault: SensorFault | undefined;
}

/** The board's virtual hardware (see the module comment). */
export interface VirtualBoard {
  readonly board: Board;
  /** The I2C bus (the board's `buses.i2c`), if the board has one. */
  readonly i2c: VirtualI2cBus | undefined;
  /** 1-Wire buses by GPIO. */
  readonly oneWire: Map<number, VirtualOneWireBus>;
  /** ADC inputs by GPIO. */
  readonly adc: Map<number, MillivoltAdc>;
  /** Digital pins with a device on them (DHT22s) by GPIO. */
  readonly pins: Map<number, Gpio>;
  /** Every sensor by name, plus "chip" (the chip temperature) when no sensor has that name. */
  readonly sensors: Map<string, VirtualSensorHandle>;
  /** The chip's own temperature now, in °C (NaN while its fault is "absent"). */
  chipCelsius(): number;
  /** What `installEspruinoBuses` takes besides the realm (`{...espruinoBuses, realm}`). */
  readonly espruinoBuses: Pick<EspruinoBusesOptions, "i2c" | "oneWire" | "adc" | "pins">;
  /** What `installNodemcuBuses` takes (ADC inputs by ADC1 channel). */
  readonly nodemcuBuses: Pick<NodemcuBusesOptions, "i2c" | "oneWire" | "adc" | "pins">;
  /** Sets (or with `undefined` clears) the fault of sensor `name`; throws for a fault the part cannot have. */
  setFault(name: string, fault: SensorFault | undefined): void;
  /** Holds `quantity` of sensor `name` at `value` (board file unit), or with `undefined` releases it. */
  hold(name: string, quantity: SimQuantity, value: number | undefined): void;
}

/** How each part takes each fault: `on` sets it, `off` clears it. */
interface FaultSwitch {
  absent(part: VirtualPart, on: boolean): void;
  badCrc?(part: VirtualPart, on: boolean): void;
}

const FAULT_SWITCHES: Record<Driver, FaultSwitch> = {
  bme280: { absent: (part, on) => ((part as VirtualBme280).present = !on) },
  sht3x: {
    absent: (part, on) => ((part as VirtualSht3x).present = !on),
    badCrc: (part, on) => ((part as VirtualSht3x).corruptCrc = on),
  },
  ds18b20: {
    absent: (part, on) => ((part as VirtualDs18b20).present = !on),
    badCrc: (part, on) => ((part as VirtualDs18b20).corruptScratchpad = on),
  },
  dht22: {
    absent: (part, on) => ((part as VirtualDht22Pin).present = !on),
    badCrc: (part, on) => ((part as VirtualDht22Pin).corruptChecksum = on),
  },
  analog: { absent: (part, on) => ((part as MillivoltAdc).floating = on) },
  "internal-temperature": { absent: (part, on) => ((part as ChipThermometer).present = !on) },
};

/** The 8 ROM bytes of a DS18B20 from its 16 hex digits (family byte first, as Espruino writes them). */
function romFromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** A 48-bit DS18B20 serial for the sensor at `index`: random from `seed` in its upper bits, `index + 1` in its lowest byte. */
function ds18b20Serial(seed: number, index: number): number {
  return Math.floor(seededUniform(seed, 3, index) * 0xffffffffff) * 256 + ((index + 1) & 0xff);
}

/**
 * Builds the virtual hardware of `board` (with its defaults filled in, as `loadBoard` returns
 * it): see the module comment. Owns the buses and devices it makes; starts nothing.
 */
export function createVirtualBoard(board: Board, options: VirtualBoardOptions): VirtualBoard {
  const seed = options.seed ?? board.sim?.seed ?? 1;
  const clock = options.clock;
  const i2c = board.buses.i2c === undefined ? undefined : new VirtualI2cBus();
  const oneWire = new Map<number, VirtualOneWireBus>();
  if (board.buses.onewire !== undefined) oneWire.set(board.buses.onewire.pin, new VirtualOneWireBus());
  const adc = new Map<number, MillivoltAdc>();
  const pins = new Map<number, Gpio>();
  const sensors = new Map<string, VirtualSensorHandle>();
  const faults = new Map<string, SensorFault | undefined>();
  const fullScale = ADC_FULL_SCALE_MILLIVOLTS[board.buses.adc?.attenuation ?? "11db"];

  const airOf = (index: number, name: string, fallback?: Partial<Record<SimQuantity, Waveform>>): SensorAir => {
    const waveforms = board.sim?.sensors[name] ?? {};
    const signals = {} as Record<SimQuantity, Signal>;
    QUANTITIES.forEach((quantity, part) => {
      const waveform = waveforms[quantity] ?? fallback?.[quantity];
      const resting = RESTING_VALUES[quantity];
      signals[quantity] = waveform === undefined ? () => resting : newSignal(waveform, deriveSeed(seed, index, part));
    });
    return new SensorAir(signals, clock);
  };

  const partOf = (sensor: Sensor, index: number, air: SensorAir): VirtualPart => {
    switch (sensor.driver) {
      case "bme280": {
        const chip = new VirtualBme280(air);
        i2c?.attach(sensor.address, chip);
        return chip;
      }
      case "sht3x": {
        const chip = new VirtualSht3x(air);
        i2c?.attach(sensor.address, chip);
        return chip;
      }
      case "ds18b20": {
        const rom = sensor.rom === undefined ? ds18b20Rom(ds18b20Serial(seed, index)) : romFromHex(sensor.rom);
        const chip = new VirtualDs18b20(rom, air);
        if (board.buses.onewire !== undefined) oneWire.get(board.buses.onewire.pin)?.attach(chip);
        return chip;
      }
      case "dht22": {
        const pin = new VirtualDht22Pin(air);
        pins.set(sensor.pin, pin);
        return pin;
      }
      case "analog": {
        const input = new MillivoltAdc(air, fullScale);
        adc.set(sensor.pin, input);
        return input;
      }
      case "internal-temperature":
        return new ChipThermometer(air);
    }
  };

  const setFault = (name: string, fault: SensorFault | undefined): void => {
    const handle = sensors.get(name);
    if (handle === undefined) throw new Error(`virtual board ${board.id}: no sensor "${name}"`);
    const switches = FAULT_SWITCHES[handle.sensor.driver];
    if (fault === "bad-crc" && switches.badCrc === undefined) {
      throw new Error(`virtual board ${board.id}: sensor "${name}" (${handle.sensor.driver}) has no checksum to fail`);
    }
    switches.absent(handle.part, fault === "absent");
    switches.badCrc?.(handle.part, fault === "bad-crc");
    faults.set(name, fault);
  };

  const addSensor = (sensor: Sensor, index: number, fallback?: Partial<Record<SimQuantity, Waveform>>): void => {
    const air = airOf(index, sensor.name, fallback);
    const part = partOf(sensor, index, air);
    sensors.set(sensor.name, {
      sensor,
      air,
      part,
      get fault() {
        return faults.get(sensor.name);
      },
    });
    const fault = board.sim?.sensors[sensor.name]?.fault;
    if (fault !== undefined) setFault(sensor.name, fault);
  };

  board.sensors.forEach((sensor, index) => addSensor(sensor, index));
  let chip = [...sensors.values()].find((handle) => handle.sensor.driver === "internal-temperature");
  if (chip === undefined && !sensors.has("chip")) {
    addSensor({ name: "chip", driver: "internal-temperature", interval: 0 }, board.sensors.length, { temperature: DEFAULT_CHIP_WAVEFORM });
    chip = sensors.get("chip");
  }
  const thermometer = chip?.part as ChipThermometer | undefined;

  const adcByChannel = new Map<number, VirtualAdc>();
  for (const [pin, input] of adc) {
    const channel = ADC1_CHANNELS[pin];
    if (channel !== undefined) adcByChannel.set(channel, input);
  }

  return {
    board,
    i2c,
    oneWire,
    adc,
    pins,
    sensors,
    chipCelsius: () => (thermometer === undefined ? DEFAULT_CHIP_WAVEFORM.mean : thermometer.celsius()),
    espruinoBuses: { i2c, oneWire, adc, pins },
    nodemcuBuses: { i2c, oneWire, adc: adcByChannel, pins },
    setFault,
    hold: (name, quantity, value) => {
      const handle = sensors.get(name);
      if (handle === undefined) throw new Error(`virtual board ${board.id}: no sensor "${name}"`);
      handle.air.hold(quantity, value);
    },
  };
}
