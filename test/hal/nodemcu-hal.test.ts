/**
 * The NodeMCU Link and Storage (hal/nodemcu/link.ts, storage.ts), built alone as a Lua bundle
 * (test/runtimes/fixtures/hal-nodemcu.ts) and run on fengari (Lua 5.3, 32-bit integers) with the
 * simulator's `wifi` over a virtual access point (hal/sim/nodemcu-wifi.ts, virtual-wifi.ts), `file`
 * over a folder (hal/sim/nodemcu-file.ts), `tmr` and `node.task`.
 *
 * RUNTIMES.md lines relied on (NodeMCU): ESP32 `wifi.mode(wifi.STATION)`, `wifi.start()`,
 * `wifi.sta.config`, `wifi.sta.on(event, fn)`; `file.open(name, mode)` with `:read`, `:write`,
 * `:close`, `file.exists`, `file.remove`, `file.rename`; `tmr.create():alarm(...)`;
 * `uart.on("data", count, fn, run_input)` with `run_input = 0` takes the input from the
 * interpreter and `uart.on("data")` gives it back.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFengariLua } from "../../hal/sim/lua";
import type { FengariLua } from "../../hal/sim/lua";
import { waitFor } from "../runtimes/socket-harness";
import { buildLuaBundle } from "../../tools/build/nodemcu";
import { PROJECT_ROOT } from "../../tools/build/project";
import { installNodemcuTasks } from "../../hal/sim/nodemcu-net";
import { installNodemcuTimers } from "../../hal/sim/nodemcu-tmr";
import { installNodemcuWifi } from "../../hal/sim/nodemcu-wifi";
import { installNodemcuFile } from "../../hal/sim/nodemcu-file";
import type { NodemcuFile } from "../../hal/sim/nodemcu-file";
import { createVirtualWifi } from "../../hal/sim/virtual-wifi";
import type { VirtualWifi } from "../../hal/sim/virtual-wifi";
import { installNodemcuUart } from "../../hal/sim/nodemcu-uart";
import type { NodemcuUartPort } from "../../hal/sim/nodemcu-uart";
import {
  LINK_CONNECTING,
  LINK_DOWN,
  LINK_REASON_CLOSED,
  LINK_REASON_LOST,
  LINK_REASON_NO_NETWORK,
  LINK_REASON_WRONG_PASSWORD,
  LINK_UP,
  STORAGE_BAD_NAME,
  STORAGE_CORRUPT,
  STORAGE_NOT_FOUND,
  STORAGE_OK,
  STORAGE_TOO_BIG,
} from "../../hal/api";

const BUNDLE = path.join(PROJECT_ROOT, "dist/test/hal-nodemcu.lua");

beforeAll(() => {
  buildLuaBundle("test/runtimes/fixtures/hal-nodemcu.ts", BUNDLE);
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The Lua side: the HAL bundle, a Link whose events are recorded, a Storage and store helpers. */
const DRIVER = `
  hal = require("hal")
  platform = hal.platform
  events = {}
  function newLink(rejoinMs)
    link = hal.newLink({
      onUp = function(address) events[#events + 1] = "up " .. address end,
      onDown = function(reason) events[#events + 1] = "down " .. reason end,
      rejoinMs = rejoinMs,
    })
  end
  function eventsText() return table.concat(events, ",") end
  received = {}
  function newSerial()
    serial = hal.newSerial({
      onData = function(store, offset, length) received[#received + 1] = platform.readText(store, offset, length) end,
    })
  end
  function receivedText() return table.concat(received) end
  function reply(text)
    local store = platform.newBytes(#text)
    platform.writeText(text, store, 0)
    return serial:write(store, 0, #text)
  end
  storage = hal.newStorage()
  function pattern(n, seed)
    local store = platform.newBytes(n)
    for i = 0, n - 1 do store[i] = (i * 7 + seed) % 256 end
    return store
  end
  function put(name, n, seed) return storage:write(name, pattern(n, seed), 0, n) end
  function get(name, room)
    local store = platform.newBytes(room)
    local result = storage:read(name, store, 0, room)
    if result < 0 then return result, "" end
    return result, platform.readText(store, 0, result)
  end
`;

interface Device {
  lua: FengariLua;
  file: NodemcuFile;
  port: NodemcuUartPort;
  errors: string[];
}

/** A fresh Lua state (a boot) with the HAL bundle, `wifi` on `air` and `file` over `flash`. */
function boot(air: VirtualWifi, flash: string): Device {
  const lua = createFengariLua({ hal: BUNDLE });
  const errors: string[] = [];
  const onError = (message: string): void => {
    errors.push(message);
  };
  const stopTasks = installNodemcuTasks(lua.state, onError);
  const timers = installNodemcuTimers(lua.state, { onError });
  installNodemcuWifi(lua.state, { air, onError });
  const file = installNodemcuFile(lua.state, { folder: flash });
  const port = installNodemcuUart(lua.state, { onError });
  cleanups.push(() => {
    stopTasks();
    timers.stopAll();
  });
  lua.run(DRIVER);
  return { lua, file, port, errors };
}

function newAir(): VirtualWifi {
  const air = createVirtualWifi({ networks: [{ ssid: "home", password: "secret-42" }] });
  cleanups.push(() => air.stopAll());
  return air;
}

function newFlash(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-nodemcu-flash-"));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

function events(device: Device): string[] {
  const text = device.lua.run("return eventsText()").values[0] as string;
  return text === "" ? [] : text.split(",");
}

function status(device: Device): number {
  return device.lua.run("return link:linkStatus()").values[0] as number;
}

/** The byte string pattern(n, seed) makes in Lua. */
function pattern(length: number, seed: number): string {
  return String.fromCharCode(...Array.from({ length }, (_, index) => (index * 7 + seed) % 256));
}

describe("NodeMCU Link over the virtual access point", () => {
  it("joins with the right password and reports the address", async () => {
    const device = boot(newAir(), newFlash());
    device.lua.run("newLink(20)");
    expect(device.lua.run('return link:join("home", "secret-42")').values).toEqual([true]);
    expect(status(device)).toBe(LINK_CONNECTING);
    await waitFor("the link events", () => events(device).length > 0);
    expect(events(device)).toEqual(["up 192.168.4.2"]);
    expect(status(device)).toBe(LINK_UP);
    expect(device.errors).toEqual([]);
  });

  it("reports a wrong password once and does not retry it", async () => {
    const device = boot(newAir(), newFlash());
    device.lua.run('newLink(20) link:join("home", "wrong")');
    await waitFor("the link events", () => events(device).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events(device)).toEqual([`down ${LINK_REASON_WRONG_PASSWORD}`]);
    expect(status(device)).toBe(LINK_DOWN);
    expect(device.lua.run("return link:reason()").values).toEqual([LINK_REASON_WRONG_PASSWORD]);
  });

  it("reports an unknown SSID as no network", async () => {
    const device = boot(newAir(), newFlash());
    device.lua.run('newLink(10000) link:join("elsewhere", "secret-42")');
    await waitFor("the link events", () => events(device).length > 0);
    expect(events(device)).toEqual([`down ${LINK_REASON_NO_NETWORK}`]);
  });

  it("reports a drop as lost and comes back up by itself when the access point returns", async () => {
    const air = newAir();
    const device = boot(air, newFlash());
    device.lua.run('newLink(20) link:join("home", "secret-42")');
    await waitFor("the link to come up", () => status(device) === LINK_UP);
    air.drop();
    await waitFor("the drop", () => events(device).length >= 2);
    expect(events(device)[1]).toBe(`down ${LINK_REASON_LOST}`);
    await waitFor("a failed rejoin", () => events(device).includes(`down ${LINK_REASON_NO_NETWORK}`));
    air.restore();
    await waitFor("the link to come back", () => status(device) === LINK_UP);
    expect(events(device).at(-1)).toMatch(/^up 192\.168\.4\.\d+$/);
    expect(device.errors).toEqual([]);
  });

  it("says closed after close() and ignores the air afterwards", async () => {
    const air = newAir();
    const device = boot(air, newFlash());
    device.lua.run('newLink(20) link:join("home", "secret-42")');
    await waitFor("the link to come up", () => status(device) === LINK_UP);
    device.lua.run("link:close()");
    await waitFor("the close", () => events(device).length === 2);
    expect(events(device)[1]).toBe(`down ${LINK_REASON_CLOSED}`);
    air.drop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events(device).length).toBe(2);
    expect(device.lua.run('return link:join("home", "secret-42")').values).toEqual([false]);
  });
});

describe("NodeMCU Storage over a flash folder", () => {
  it("round-trips blobs, survives a reboot, lists, removes", () => {
    const air = newAir();
    const flash = newFlash();
    const first = boot(air, flash);
    expect(first.lua.run('return put("config", 300, 1), put("config", 200, 2), put("empty", 0, 0)').values).toEqual([
      STORAGE_OK,
      STORAGE_OK,
      STORAGE_OK,
    ]);
    const again = boot(air, flash);
    expect(again.lua.run('return get("config", 512)').values).toEqual([200, pattern(200, 2)]);
    expect(again.lua.run('return get("empty", 4)').values).toEqual([0, ""]);
    const listed = again.lua.run("local names = {} local n = storage:list(names) table.sort(names) return n, table.concat(names, ',')");
    expect(listed.values).toEqual([2, "config,empty"]);
    expect(again.lua.run('return storage:has("config"), storage:remove("config"), storage:has("config")').values).toEqual([
      true,
      STORAGE_OK,
      false,
    ]);
    expect(again.lua.run('return get("config", 512)').values).toEqual([STORAGE_NOT_FOUND, ""]);
  });

  it("refuses bad names and blobs longer than the room", () => {
    const device = boot(newAir(), newFlash());
    expect(device.lua.run('return put("a~b", 4, 0), put("", 4, 0), put(string.rep("x", 31), 4, 0)').values).toEqual([
      STORAGE_BAD_NAME,
      STORAGE_BAD_NAME,
      STORAGE_BAD_NAME,
    ]);
    expect(device.lua.run('put("big", 100, 0) return get("big", 99)').values).toEqual([STORAGE_TOO_BIG, ""]);
  });

  // The old copy (seed 2) until the old file is removed; the new one (seed 3) once it is.
  for (const [step, keptBytes, expected] of [
    ["write", 0, 2],
    ["write", 30, 2],
    ["remove", 0, 2],
    ["rename", 0, 3],
  ] as const) {
    it(`keeps a whole copy when the power is cut at ${step}${step === "write" ? ` after ${keptBytes} bytes` : ""}`, () => {
      const air = newAir();
      const flash = newFlash();
      const device = boot(air, flash);
      device.lua.run('put("config", 64, 1) put("config", 64, 2)');
      device.file.cutPower(step, keptBytes);
      expect(() => device.lua.run('put("config", 64, 3)')).toThrow(/simulated power cut/);
      const rebooted = boot(air, flash);
      expect(rebooted.lua.run('return get("config", 512)').values).toEqual([64, pattern(64, expected)]);
      expect(rebooted.lua.run('return put("config", 10, 4), get("config", 512)').values).toEqual([STORAGE_OK, 10, pattern(10, 4)]);
      expect(fs.readdirSync(flash).length).toBe(1);
    });
  }

  it("says corrupt for data it did not write, and a later write replaces it", () => {
    const device = boot(newAir(), newFlash());
    device.lua.run('local f = file.open("config", "w") f:write("not a blob at all") f:close()');
    expect(device.lua.run('return storage:has("config"), get("config", 512)').values).toEqual([true, STORAGE_CORRUPT, ""]);
    expect(device.lua.run('return put("config", 8, 9), get("config", 512)').values).toEqual([STORAGE_OK, 8, pattern(8, 9)]);
  });

  it("says corrupt for a copy whose bytes changed or that was cut short", () => {
    const device = boot(newAir(), newFlash());
    device.lua.run('put("config", 16, 1)');
    device.lua.run(`
      local f = file.open("config", "r") local whole = f:read(100) f:close()
      f = file.open("config", "w") f:write(whole:sub(1, 12) .. string.char((whole:byte(13) + 1) % 256) .. whole:sub(14)) f:close()
    `);
    expect(device.lua.run('return get("config", 512)').values).toEqual([STORAGE_CORRUPT, ""]);
    device.lua.run(`
      put("config", 16, 1)
      local f = file.open("config", "r") local whole = f:read(100) f:close()
      f = file.open("config", "w") f:write(whole:sub(1, 20)) f:close()
    `);
    expect(device.lua.run('return get("config", 512)').values).toEqual([STORAGE_CORRUPT, ""]);
  });
});

describe("NodeMCU Serial on the console UART", () => {
  it("takes the input from the interpreter, passes lines both ways and gives it back on close", async () => {
    const device = boot(newAir(), newFlash());
    const received = (): string => device.lua.run("return receivedText()").values[0] as string;
    device.port.type("print(1)\r\n");
    device.lua.run("newSerial()");
    device.port.type("set wifi.ssid home\r\n");
    device.port.type("st");
    device.port.type("atus\r\n" + "x".repeat(300) + "\r\n");
    await waitFor("the typed lines", () => received().length === 28 + 302);
    expect(received().slice(0, 28)).toBe("set wifi.ssid home\r\nstatus\r\n");
    expect(device.lua.run('return reply("ok \\255\\r\\n"), reply("")').values).toEqual([6, 0]);
    expect(device.port.output()).toBe("ok \xff\r\n");
    device.lua.run("serial:close()");
    device.port.type("node.restart()\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received().length).toBe(28 + 302);
    expect(device.port.replInput()).toBe("print(1)\r\nnode.restart()\r\n");
    expect(device.lua.run('return reply("x")').values).toEqual([-1]);
    expect(device.errors).toEqual([]);
  });
});
