/**
 * NodeMCU's bus modules emulated for a fengari Lua state over the simulator's virtual devices
 * (hal/sim/devices): `i2c` over a `VirtualI2cBus`, `ow` over `VirtualOneWireBus`es by pin, and
 * `adc` over `VirtualAdc`s by ADC1 channel.
 *
 * What it follows (docs/modules/i2c.md, ow.md, adc.md on `dev-esp32`):
 * - `i2c.setup(id, sda, scl, speed)` (returns the speed), then per transfer `i2c.start(id)`,
 *   `i2c.address(id, address, i2c.TRANSMITTER|RECEIVER)`, `i2c.write(id, ...)` (numbers,
 *   strings or tables of bytes; returns how many were acknowledged), `i2c.read(id, length)` (a
 *   byte string), `i2c.stop(id)`. The virtual devices acknowledge per transfer, not per byte, so
 *   the emulated `address` acknowledges every address and the transfer happens at `write` or
 *   `read`: a device that refuses the write acknowledges 0 bytes, and a refused read reads
 *   0xFF bytes, as a line with nothing driving it does. `i2c.SW` is 2, `HW0` 0, `HW1` 1
 *   (the emulation's numbers). Using an id before `setup` raises a Lua error.
 * - `ow.setup(pin)`, `ow.reset(pin)` (1 or 0), `ow.skip`, `ow.select(pin, rom)`, `ow.write(pin,
 *   byte, power)`, `ow.read(pin)`, `ow.reset_search(pin)` and `ow.search(pin)` (the next 8-byte
 *   ROM string, or nil). A pin with no bus reads as a floating line: no presence, 0xFF.
 * - `adc.setwidth(adc.ADC1, 9..12)`, `adc.setup(adc.ADC1, channel, atten)`, `adc.read(adc.ADC1,
 *   channel)`: the channel's `VirtualAdc` scaled to the width (0 for a channel with none).
 * - `gpio.config{gpio, dir, opendrain, pull}`, `gpio.write`, `gpio.read` on the pin's virtual
 *   `Gpio` (a `VirtualGpio`, or a `VirtualDht22Pin`), and `gpio.trig(pin, type, fn)`. An
 *   open-drain pin driven low and released is a start signal: the device answers (its
 *   `capturePulses`, with the low time measured on Node's clock), and each edge of the answer
 *   goes to the trig callback `fn(pin, level)` from Node's event loop, with `node.uptime()`
 *   reading the edge's own time while the callback runs — the chip's Lua task would read it late
 *   (see hal/nodemcu/gpio-pin.ts). A Lua error in a callback goes to `onError`.
 * Not emulated: `gpio.set_drive`, `gpio.wakeup`, level triggers, the hardware interfaces' queued `i2c.transfer`, slave mode, `ow.read_bytes`,
 * `ow.write_bytes`, CRC helpers, ADC2, `adc.read_hall_sensor`.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import type { VirtualI2cBus } from "./devices/i2c-bus";
import type { VirtualOneWireBus } from "./devices/onewire-bus";
import type { VirtualAdc } from "./devices/adc";
import { OneWireByteStream } from "./onewire-bytes";
import type { LuaMethod } from "./lua-methods";
import { protectedCall } from "./nodemcu-net";
import { PinMode } from "../api";
import type { Gpio } from "../api";

/** Options for `installNodemcuBuses`: what is wired to which pins and channels. */
export interface NodemcuBusesOptions {
  i2c?: VirtualI2cBus;
  oneWire?: Map<number, VirtualOneWireBus>;
  /** By ADC1 channel. */
  adc?: Map<number, VirtualAdc>;
  /** By GPIO number. */
  pins?: Map<number, Gpio>;
  /** Where Lua errors raised by trig callbacks go; by default they are thrown from a Node task. */
  onError?: (message: string) => void;
}

const I2C_IDS = { HW0: 0, HW1: 1, SW: 2 };
const TRANSMITTER = 0;
const RECEIVER = 1;
const ADC1 = 1;
const ATTENUATIONS = { ATTEN_0db: 0, ATTEN_2_5db: 1, ATTEN_6db: 2, ATTEN_11db: 3 };
const GPIO_NUMBERS = { IN: 1, OUT: 2, IN_OUT: 3, FLOATING: 0, PULL_UP: 1, PULL_DOWN: 2, PULL_UP_DOWN: 3, INTR_DISABLE: 0, INTR_UP: 1, INTR_DOWN: 2, INTR_UP_DOWN: 3 };
const TWO_TO_31 = 2147483648;
/** How long after the release a device starts its answer, in microseconds. */
const ANSWER_DELAY_US = 30;
/** The most durations one start signal's answer is asked for. */
const MOST_PULSES = 100;

/** Sets global `name` to a table of `functions` and `numbers`, leaving the stack as it was. */
function installModule(L: LuaState, name: string, functions: Record<string, LuaMethod>, numbers: Record<string, number>): void {
  const base = lua.lua_gettop(L);
  lua.lua_newtable(L);
  for (const [key, fn] of Object.entries(functions)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(key));
  }
  for (const [key, value] of Object.entries(numbers)) {
    lua.lua_pushinteger(L, value);
    lua.lua_setfield(L, -2, to_luastring(key));
  }
  lua.lua_setglobal(L, to_luastring(name));
  lua.lua_settop(L, base);
}

/** Pushes `bytes` as a Lua byte string; returns 1 (one result). */
function pushBytes(state: LuaState, bytes: Uint8Array): number {
  lua.lua_pushlstring(state, bytes, bytes.length);
  return 1;
}

/** The bytes of `i2c.write`'s arguments from `first` on: numbers, strings, tables of numbers. */
function writtenBytes(state: LuaState, first: number): Uint8Array {
  const bytes: number[] = [];
  for (let index = first; index <= lua.lua_gettop(state); index++) {
    if (lua.lua_isnumber(state, index)) {
      bytes.push(lauxlib.luaL_checkinteger(state, index) & 0xff);
    } else if (lua.lua_isstring(state, index)) {
      bytes.push(...lauxlib.luaL_checklstring(state, index));
    } else {
      for (let key = 1; lua.lua_rawgeti(state, index, key) !== lua.LUA_TNIL; key++) {
        bytes.push(lauxlib.luaL_checkinteger(state, -1) & 0xff);
        lua.lua_settop(state, -2);
      }
      lua.lua_settop(state, -2);
    }
  }
  return Uint8Array.from(bytes);
}

/** Installs `i2c`, `ow` and `adc` in the Lua state `L` (see the module comment). */
export function installNodemcuBuses(L: LuaState, options: NodemcuBusesOptions = {}): void {
  installI2c(L, options.i2c);
  installOw(L, options.oneWire ?? new Map());
  installAdc(L, options.adc ?? new Map());
  installGpio(L, options.pins ?? new Map(), options.onError ?? ((message) => setImmediate(() => { throw new Error(`NodeMCU: a gpio callback raised: ${message}`); })));
}

function installI2c(L: LuaState, bus: VirtualI2cBus | undefined): void {
  const ready = new Set<number>();
  let address = -1;
  const checkReady = (state: LuaState): number => {
    const id = lauxlib.luaL_checkinteger(state, 1);
    if (!ready.has(id)) lauxlib.luaL_error(state, to_luastring(`i2c: interface ${id} not set up`));
    return id;
  };
  installModule(
    L,
    "i2c",
    {
      setup: (state) => {
        ready.add(lauxlib.luaL_checkinteger(state, 1));
        lua.lua_pushinteger(state, lauxlib.luaL_checkinteger(state, 4));
        return 1;
      },
      start: (state) => {
        checkReady(state);
        address = -1;
        return 0;
      },
      stop: (state) => {
        checkReady(state);
        address = -1;
        return 0;
      },
      address: (state) => {
        checkReady(state);
        address = lauxlib.luaL_checkinteger(state, 2);
        const direction = lauxlib.luaL_checkinteger(state, 3);
        if (direction !== TRANSMITTER && direction !== RECEIVER) return lauxlib.luaL_error(state, to_luastring("i2c.address: bad direction"));
        lua.lua_pushboolean(state, true);
        return 1;
      },
      write: (state) => {
        checkReady(state);
        const bytes = writtenBytes(state, 2);
        const acknowledged = bus !== undefined && address >= 0 && bus.write(address, bytes, 0, bytes.length) >= 0;
        lua.lua_pushinteger(state, acknowledged ? bytes.length : 0);
        return 1;
      },
      read: (state) => {
        checkReady(state);
        const length = lauxlib.luaL_checkinteger(state, 2);
        const bytes = new Uint8Array(length);
        if (bus === undefined || address < 0 || bus.read(address, bytes, 0, length) < 0) bytes.fill(0xff);
        return pushBytes(state, bytes);
      },
    },
    { ...I2C_IDS, TRANSMITTER, RECEIVER, SLOW: 100000, FAST: 400000 },
  );
}

function installOw(L: LuaState, buses: Map<number, VirtualOneWireBus>): void {
  const streams = new Map<number, OneWireByteStream>();
  const found = new Map<number, Uint8Array[]>();
  const streamOf = (state: LuaState): OneWireByteStream | undefined => streams.get(lauxlib.luaL_checkinteger(state, 1));
  installModule(
    L,
    "ow",
    {
      setup: (state) => {
        const pin = lauxlib.luaL_checkinteger(state, 1);
        const bus = buses.get(pin);
        if (bus !== undefined) streams.set(pin, new OneWireByteStream(bus));
        return 0;
      },
      reset: (state) => {
        lua.lua_pushinteger(state, streamOf(state)?.reset() === true ? 1 : 0);
        return 1;
      },
      skip: (state) => {
        streamOf(state)?.skip();
        return 0;
      },
      select: (state) => {
        streamOf(state)?.select(Uint8Array.from(lauxlib.luaL_checklstring(state, 2)));
        return 0;
      },
      write: (state) => {
        streamOf(state)?.write(lauxlib.luaL_checkinteger(state, 2));
        return 0;
      },
      read: (state) => {
        const stream = streamOf(state);
        lua.lua_pushinteger(state, stream === undefined ? 0xff : stream.read());
        return 1;
      },
      reset_search: (state) => {
        const pin = lauxlib.luaL_checkinteger(state, 1);
        found.set(pin, streams.get(pin)?.search(64) ?? []);
        return 0;
      },
      search: (state) => {
        const next = found.get(lauxlib.luaL_checkinteger(state, 1))?.shift();
        if (next === undefined) {
          lua.lua_pushnil(state);
          return 1;
        }
        return pushBytes(state, next);
      },
    },
    {},
  );
}

function installAdc(L: LuaState, inputs: Map<number, VirtualAdc>): void {
  let width = 12;
  const checkConverter = (state: LuaState): void => {
    if (lauxlib.luaL_checkinteger(state, 1) !== ADC1) lauxlib.luaL_error(state, to_luastring("adc: only ADC1 is supported"));
  };
  installModule(
    L,
    "adc",
    {
      setwidth: (state) => {
        checkConverter(state);
        const bits = lauxlib.luaL_checkinteger(state, 2);
        if (bits < 9 || bits > 12) return lauxlib.luaL_error(state, to_luastring("adc.setwidth: 9 to 12 bits"));
        width = bits;
        return 0;
      },
      setup: (state) => {
        checkConverter(state);
        const channel = lauxlib.luaL_checkinteger(state, 2);
        if (channel < 0 || channel > 7) return lauxlib.luaL_error(state, to_luastring("adc.setup: channel 0 to 7"));
        return 0;
      },
      read: (state) => {
        checkConverter(state);
        const input = inputs.get(lauxlib.luaL_checkinteger(state, 2));
        const top = 2 ** width - 1;
        lua.lua_pushinteger(state, input === undefined ? 0 : Math.round((input.read() * top) / input.maximum));
        return 1;
      },
    },
    { ADC1, ...ATTENUATIONS },
  );
}

/** The integer field `name` of the table at `index`, or `fallback` when it is nil. */
function integerField(state: LuaState, index: number, name: string, fallback: number): number {
  lua.lua_getfield(state, index, to_luastring(name));
  const value = lua.lua_isnil(state, -1) ? fallback : lauxlib.luaL_checkinteger(state, -1);
  lua.lua_settop(state, -2);
  return value;
}

/** Microseconds on the Lua state's `node.uptime()` now (Node's clock when there is none). */
function uptimeNow(L: LuaState): number {
  const base = lua.lua_gettop(L);
  lua.lua_getglobal(L, to_luastring("node"));
  let now = Math.round(performance.now() * 1000);
  if (!lua.lua_isnil(L, -1) && lua.lua_getfield(L, -1, to_luastring("uptime")) !== lua.LUA_TNIL) {
    if (lua.lua_pcall(L, 0, 2, 0) === lua.LUA_OK) now = lua.lua_tonumber(L, -1) * TWO_TO_31 + lua.lua_tonumber(L, -2);
  }
  lua.lua_settop(L, base);
  return now;
}

/** Runs `body` with `node.uptime()` reading `micros`, then puts the clock back. */
function atUptime(L: LuaState, micros: number, body: () => void): void {
  const base = lua.lua_gettop(L);
  lua.lua_getglobal(L, to_luastring("node"));
  if (lua.lua_isnil(L, -1)) {
    lua.lua_settop(L, base);
    body();
    return;
  }
  lua.lua_getfield(L, base + 1, to_luastring("uptime"));
  lua.lua_pushjsfunction(L, (state) => {
    lua.lua_pushinteger(state, micros % TWO_TO_31);
    lua.lua_pushinteger(state, Math.floor(micros / TWO_TO_31));
    return 2;
  });
  lua.lua_setfield(L, base + 1, to_luastring("uptime"));
  try {
    body();
  } finally {
    lua.lua_settop(L, base + 2);
    lua.lua_setfield(L, base + 1, to_luastring("uptime"));
    lua.lua_settop(L, base);
  }
}

function installGpio(L: LuaState, pins: Map<number, Gpio>, report: (message: string) => void): void {
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const triggers = new Map<number, number>();
  const lowSince = new Map<number, number>();
  const modes = new Map<number, PinMode>();
  const pinOf = (state: LuaState, pin: number): Gpio => {
    const wired = pins.get(pin);
    if (wired === undefined) lauxlib.luaL_error(state, to_luastring(`gpio: nothing wired to pin ${pin}`));
    return wired as Gpio;
  };
  const deliver = (pin: number, level: number, micros: number): void => {
    setImmediate(() => {
      const callback = triggers.get(pin);
      if (callback === undefined) return;
      atUptime(L, micros, () => {
        lua.lua_rawgeti(L, REGISTRY, callback);
        lua.lua_pushinteger(L, pin);
        lua.lua_pushinteger(L, level);
        protectedCall(L, 2, report);
      });
    });
  };
  const answer = (pin: number, wired: Gpio, lowMicroseconds: number): void => {
    const durations = new Array<number>(MOST_PULSES).fill(0);
    wired.capturePulses(lowMicroseconds, durations, MOST_PULSES);
    let time = uptimeNow(L) + ANSWER_DELAY_US;
    deliver(pin, 0, time);
    for (let index = 0; index < wired.capturedPulses(); index++) {
      time += durations[index];
      deliver(pin, index % 2 === 0 ? 1 : 0, time);
    }
  };
  installModule(
    L,
    "gpio",
    {
      config: (state) => {
        for (let index = 1; index <= lua.lua_gettop(state); index++) {
          const pin = integerField(state, index, "gpio", -1);
          const direction = integerField(state, index, "dir", GPIO_NUMBERS.IN);
          const pull = integerField(state, index, "pull", GPIO_NUMBERS.FLOATING);
          const openDrain = integerField(state, index, "opendrain", 0) === 1;
          const mode =
            direction === GPIO_NUMBERS.IN
              ? pull === GPIO_NUMBERS.PULL_UP ? PinMode.InputPullUp : PinMode.Input
              : openDrain ? PinMode.OpenDrain : PinMode.Output;
          pinOf(state, pin).mode(mode);
          modes.set(pin, mode);
        }
        return 0;
      },
      write: (state) => {
        const pin = lauxlib.luaL_checkinteger(state, 1);
        const level = lauxlib.luaL_checkinteger(state, 2) === 0 ? 0 : 1;
        const wired = pinOf(state, pin);
        wired.write(level);
        const since = lowSince.get(pin);
        if (level === 0 && since === undefined) lowSince.set(pin, performance.now());
        if (level === 1 && since !== undefined) {
          lowSince.delete(pin);
          if (modes.get(pin) === PinMode.OpenDrain) answer(pin, wired, Math.round((performance.now() - since) * 1000));
        }
        return 0;
      },
      read: (state) => {
        lua.lua_pushinteger(state, pinOf(state, lauxlib.luaL_checkinteger(state, 1)).read());
        return 1;
      },
      trig: (state) => {
        const pin = lauxlib.luaL_checkinteger(state, 1);
        const type = lua.lua_isnoneornil(state, 2) ? GPIO_NUMBERS.INTR_DISABLE : lauxlib.luaL_checkinteger(state, 2);
        const previous = triggers.get(pin);
        if (type === GPIO_NUMBERS.INTR_DISABLE) {
          if (previous !== undefined) lauxlib.luaL_unref(state, REGISTRY, previous);
          triggers.delete(pin);
          return 0;
        }
        if (type !== GPIO_NUMBERS.INTR_UP_DOWN) return lauxlib.luaL_error(state, to_luastring("gpio.trig: only both edges are emulated"));
        if (lua.lua_isfunction(state, 3)) {
          if (previous !== undefined) lauxlib.luaL_unref(state, REGISTRY, previous);
          lua.lua_pushvalue(state, 3);
          triggers.set(pin, lauxlib.luaL_ref(state, REGISTRY));
        }
        return 0;
      },
    },
    GPIO_NUMBERS,
  );
}
