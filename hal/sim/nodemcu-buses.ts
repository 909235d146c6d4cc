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
 * Not emulated: the hardware interfaces' queued `i2c.transfer`, slave mode, `ow.read_bytes`,
 * `ow.write_bytes`, CRC helpers, ADC2, `adc.read_hall_sensor`.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import type { VirtualI2cBus } from "./devices/i2c-bus";
import type { VirtualOneWireBus } from "./devices/onewire-bus";
import type { VirtualAdc } from "./devices/adc";
import { OneWireByteStream } from "./onewire-bytes";
import type { LuaMethod } from "./lua-methods";

/** Options for `installNodemcuBuses`: what is wired to which pins and channels. */
export interface NodemcuBusesOptions {
  i2c?: VirtualI2cBus;
  oneWire?: Map<number, VirtualOneWireBus>;
  /** By ADC1 channel. */
  adc?: Map<number, VirtualAdc>;
}

const I2C_IDS = { HW0: 0, HW1: 1, SW: 2 };
const TRANSMITTER = 0;
const RECEIVER = 1;
const ADC1 = 1;
const ATTENUATIONS = { ATTEN_0db: 0, ATTEN_2_5db: 1, ATTEN_6db: 2, ATTEN_11db: 3 };

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
