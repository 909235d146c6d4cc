/**
 * NodeMCU's `uart` module, for the console UART, emulated for a fengari Lua state: the serial
 * port's other end is the host, which types bytes in (`type`) and reads what the device wrote
 * (`output`).
 *
 * What it follows (RUNTIMES.md, NodeMCU; docs/modules/uart.md on `release` and
 * `dev-esp32-idf3-final`): `uart.on("data", count|char, fn, run_input)` registers `fn(data)`:
 * count 0 passes each typed piece whole, a number n passes n bytes at a time, a one-char string
 * passes up to and including that char (or 255 bytes); `run_input` 0 takes the input from the Lua
 * interpreter, 1 leaves it there too. `uart.on("data")` without a function removes it and gives
 * the input back. While the interpreter has the input, typed bytes are kept in `replInput` (not
 * run). `uart.write(id, ...)` appends strings (numbers as one byte) to the output of UART `id`.
 * Callbacks run from Node's event loop in `lua_pcall`; a Lua error goes to `onError`.
 * Not emulated: `uart.setup`, `uart.getconfig`, `uart.alt`, "error" events, UARTs other than 0
 * for input.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { protectedCall } from "./nodemcu-net";

/** Options for `installNodemcuUart`. */
export interface NodemcuUartOptions {
  /** Where Lua errors raised by the callback go; by default they are thrown from a Node task. */
  onError?: (message: string) => void;
}

/** The host's end of the emulated console UART. */
export interface NodemcuUartPort {
  /** Bytes typed on the port (a byte string). */
  type(data: string): void;
  /** Everything the device wrote to UART `id` (0 by default), as a byte string. */
  output(id?: number): string;
  /** What was typed while the interpreter had the input. */
  replInput(): string;
}

const MOST_PER_CHAR_CALL = 255;

/** Installs the global `uart` in the Lua state `L` (see the module comment). */
export function installNodemcuUart(L: LuaState, options: NodemcuUartOptions = {}): NodemcuUartPort {
  const report =
    options.onError ??
    ((message: string) =>
      setImmediate(() => {
        throw new Error(`NodeMCU: a uart callback raised: ${message}`);
      }));
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const NOREF = lauxlib.LUA_NOREF;
  const outputs = new Map<number, string>();
  let callback = NOREF;
  let runInput = true;
  let count = 0;
  let terminator: string | undefined;
  let pending = "";
  let interpreter = "";

  const deliver = (piece: string): void => {
    setImmediate(() => {
      if (callback === NOREF) return;
      lua.lua_rawgeti(L, REGISTRY, callback);
      const bytes = Buffer.from(piece, "latin1");
      lua.lua_pushlstring(L, bytes, bytes.length);
      protectedCall(L, 1, report);
    });
  };
  const flush = (): void => {
    while (pending.length > 0) {
      let end: number;
      if (terminator !== undefined) {
        const at = pending.indexOf(terminator);
        end = at >= 0 && at < MOST_PER_CHAR_CALL ? at + 1 : pending.length >= MOST_PER_CHAR_CALL ? MOST_PER_CHAR_CALL : -1;
      } else if (count > 0) {
        end = pending.length >= count ? count : -1;
      } else {
        end = pending.length;
      }
      if (end < 0) return;
      deliver(pending.slice(0, end));
      pending = pending.slice(end);
    }
  };

  const base = lua.lua_gettop(L);
  lua.lua_newtable(L);
  lua.lua_pushjsfunction(L, (state) => {
    const event = Buffer.from(lauxlib.luaL_checklstring(state, 1)).toString("latin1");
    if (event !== "data") return lauxlib.luaL_error(state, to_luastring("uart.on: only \"data\" is emulated"));
    lauxlib.luaL_unref(state, REGISTRY, callback);
    callback = NOREF;
    pending = "";
    if (!lua.lua_isfunction(state, 3)) {
      runInput = true;
      return 0;
    }
    if (lua.lua_isnumber(state, 2)) {
      count = lauxlib.luaL_checkinteger(state, 2);
      terminator = undefined;
    } else {
      const text = Buffer.from(lauxlib.luaL_checklstring(state, 2)).toString("latin1");
      if (text.length !== 1) return lauxlib.luaL_error(state, to_luastring("uart.on: need a count or one char"));
      terminator = text;
      count = 0;
    }
    lua.lua_pushvalue(state, 3);
    callback = lauxlib.luaL_ref(state, REGISTRY);
    runInput = lua.lua_isnoneornil(state, 4) || lauxlib.luaL_checkinteger(state, 4) !== 0;
    return 0;
  });
  lua.lua_setfield(L, -2, to_luastring("on"));
  lua.lua_pushjsfunction(L, (state) => {
    const id = lauxlib.luaL_checkinteger(state, 1);
    let text = outputs.get(id) ?? "";
    for (let index = 2; index <= lua.lua_gettop(state); index++) {
      text += lua.lua_isnumber(state, index)
        ? String.fromCharCode(lauxlib.luaL_checkinteger(state, index) & 255)
        : Buffer.from(lauxlib.luaL_checklstring(state, index)).toString("latin1");
    }
    outputs.set(id, text);
    return 0;
  });
  lua.lua_setfield(L, -2, to_luastring("write"));
  lua.lua_setglobal(L, to_luastring("uart"));
  lua.lua_settop(L, base);

  return {
    type: (data) => {
      if (runInput) interpreter += data;
      if (callback === NOREF) return;
      pending += data;
      flush();
    },
    output: (id = 0) => outputs.get(id) ?? "",
    replInput: () => interpreter,
  };
}
