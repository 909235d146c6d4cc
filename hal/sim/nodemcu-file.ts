/**
 * NodeMCU's `file` module emulated over a folder on the host (the device's SPIFFS: one host file
 * per file, so a new Lua state over the same folder — a reboot — finds what was saved) for a
 * fengari Lua state.
 *
 * What it follows (RUNTIMES.md, NodeMCU; docs/modules/file.md on `release` and
 * `dev-esp32-idf3-final`): `file.open(name[, mode])` ("r" by default; "w"/"w+" truncate or create,
 * "a"/"a+" append, "r+" read and write) gives a file object, or nil when "r"/"r+" finds no file;
 * its `:read([n])` gives up to n bytes (1024 by default) or nil at the end, `:write(s)` gives true,
 * `:close()`. `file.exists`, `file.remove` (quiet when missing), `file.rename(from, to)` (false when
 * `from` is missing or `to` exists, as SPIFFS), `file.list()` (a table name -> size). Names are
 * flat, 1 to 31 bytes ("filename invalid" otherwise). Each `:write` reaches the host file at once.
 *
 * Power cuts for tests: `cutPower(step, keptBytes)` makes the next `step` die with a Lua error —
 * "write" after writing `keptBytes` bytes of its data, "remove" and "rename" before doing anything
 * — as a device that lost power there; the test then boots a new state over the same folder.
 * Not emulated: `file.fsinfo`, `format`, `chdir`, `mount`, `stat`, `:seek`, `:readline`,
 * `:writeline`, `:flush`, the one-open-file API (`file.read`/`file.write` without an object).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { defineLuaMethods } from "./lua-methods";

/** Options for `installNodemcuFile`. */
export interface NodemcuFileOptions {
  /** The folder that is the device's file system (created if missing). */
  folder: string;
}

/** Steps a power cut can interrupt. */
export type NodemcuFileStep = "write" | "remove" | "rename";

/** Test handles on what `installNodemcuFile` installed. */
export interface NodemcuFile {
  /** The next `step` dies with a Lua error (see the module comment). */
  cutPower(step: NodemcuFileStep, keptBytes?: number): void;
}

/** One open file. */
interface OpenFile {
  host: string;
  position: number;
  open: boolean;
}

const MAX_NAME_LENGTH = 31;
const DEFAULT_READ = 1024;

/** The host file name for a file name (hex, so any byte is safe). */
function hostName(name: string): string {
  return Buffer.from(name, "latin1").toString("hex");
}

/** Installs the global `file` in the Lua state `L` over `options.folder` (see the module comment). */
export function installNodemcuFile(L: LuaState, options: NodemcuFileOptions): NodemcuFile {
  const { folder } = options;
  fs.mkdirSync(folder, { recursive: true });
  const METATABLE = to_luastring("file.obj");
  let cut: { step: NodemcuFileStep; keptBytes: number } | undefined;

  const fail = (state: LuaState, message: string): number => lauxlib.luaL_error(state, to_luastring(message));
  const hostOf = (state: LuaState, index: number): string => {
    const name = Buffer.from(lauxlib.luaL_checklstring(state, index)).toString("latin1");
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) fail(state, "filename invalid");
    return path.join(folder, hostName(name));
  };
  const dies = (state: LuaState, step: NodemcuFileStep): number | undefined => {
    if (cut === undefined || cut.step !== step) return undefined;
    cut = undefined;
    return fail(state, `simulated power cut during file.${step}`);
  };
  const check = (state: LuaState): OpenFile => {
    const handle = lauxlib.luaL_checkudata(state, 1, METATABLE).file as OpenFile;
    if (!handle.open) fail(state, "file is closed");
    return handle;
  };

  const methods: Record<string, (state: LuaState) => number> = {
    read: (state) => {
      const handle = check(state);
      const count = lua.lua_isnoneornil(state, 2) ? DEFAULT_READ : lauxlib.luaL_checkinteger(state, 2);
      const data = fs.readFileSync(handle.host);
      if (handle.position >= data.length || count <= 0) {
        lua.lua_pushnil(state);
        return 1;
      }
      const piece = data.subarray(handle.position, handle.position + count);
      handle.position += piece.length;
      lua.lua_pushlstring(state, piece, piece.length);
      return 1;
    },
    write: (state) => {
      const handle = check(state);
      const data = Buffer.from(lauxlib.luaL_checklstring(state, 2));
      if (cut !== undefined && cut.step === "write") {
        const kept = data.subarray(0, cut.keptBytes);
        fs.appendFileSync(handle.host, kept);
        return dies(state, "write") as number;
      }
      const before = fs.readFileSync(handle.host);
      const after = Buffer.concat([before.subarray(0, handle.position), data, before.subarray(handle.position + data.length)]);
      fs.writeFileSync(handle.host, after);
      handle.position += data.length;
      lua.lua_pushboolean(state, true);
      return 1;
    },
    close: (state) => {
      (lauxlib.luaL_checkudata(state, 1, METATABLE).file as OpenFile).open = false;
      return 0;
    },
  };

  const base = lua.lua_gettop(L);
  defineLuaMethods(L, METATABLE, methods);

  const module: Record<string, (state: LuaState) => number> = {
    open: (state) => {
      const host = hostOf(state, 1);
      const mode = lua.lua_isnoneornil(state, 2) ? "r" : Buffer.from(lauxlib.luaL_checklstring(state, 2)).toString("latin1");
      const exists = fs.existsSync(host);
      if (!["r", "r+", "w", "w+", "a", "a+"].includes(mode)) return fail(state, "invalid mode");
      if (mode.startsWith("r") && !exists) {
        lua.lua_pushnil(state);
        return 1;
      }
      if (mode.startsWith("w") || !exists) fs.writeFileSync(host, Buffer.alloc(0));
      const handle: OpenFile = { host, position: mode.startsWith("a") ? fs.statSync(host).size : 0, open: true };
      const block = lua.lua_newuserdata(state, 0);
      block.file = handle;
      lauxlib.luaL_setmetatable(state, METATABLE);
      return 1;
    },
    exists: (state) => {
      lua.lua_pushboolean(state, fs.existsSync(hostOf(state, 1)));
      return 1;
    },
    remove: (state) => {
      const host = hostOf(state, 1);
      dies(state, "remove");
      fs.rmSync(host, { force: true });
      return 0;
    },
    rename: (state) => {
      const from = hostOf(state, 1);
      const to = hostOf(state, 2);
      dies(state, "rename");
      const renamed = fs.existsSync(from) && !fs.existsSync(to);
      if (renamed) fs.renameSync(from, to);
      lua.lua_pushboolean(state, renamed);
      return 1;
    },
    list: (state) => {
      lua.lua_newtable(state);
      for (const entry of fs.readdirSync(folder).sort()) {
        lua.lua_pushinteger(state, fs.statSync(path.join(folder, entry)).size);
        lua.lua_setfield(state, -2, Buffer.from(entry, "hex"));
      }
      return 1;
    },
  };
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(module)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setglobal(L, to_luastring("file"));
  lua.lua_settop(L, base);

  return {
    cutPower: (step, keptBytes = 0) => {
      cut = { step, keptBytes };
    },
  };
}
