/**
 * The simulator's emulations of Espruino's `Wifi` and `Storage` and NodeMCU's `wifi`, `file` and
 * `uart` (hal/sim/), called directly as a program on the device would, for the behaviours their
 * module comments promise beyond what the HAL tests (espruino-hal.test.ts, nodemcu-hal.test.ts)
 * reach.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import { createFengariLua } from "../../hal/sim/lua";
import { waitFor } from "../runtimes/socket-harness";
import { createEspruinoWifi } from "../../hal/sim/espruino-wifi";
import { createEspruinoStorage } from "../../hal/sim/espruino-storage";
import { installNodemcuWifi } from "../../hal/sim/nodemcu-wifi";
import { installNodemcuFile } from "../../hal/sim/nodemcu-file";
import { installNodemcuUart } from "../../hal/sim/nodemcu-uart";
import { createVirtualWifi } from "../../hal/sim/virtual-wifi";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function newAir() {
  const air = createVirtualWifi({ networks: [{ ssid: "home", password: "secret-42" }], joinDelayMs: 1 });
  cleanups.push(() => air.stopAll());
  return air;
}

function newFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-emulation-"));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

describe("Espruino Wifi emulation", () => {
  it("refuses a non-string SSID, calls back once up and fires the firmware's events", async () => {
    const espruino = createEspruinoVm();
    espruino.addBuiltin("Wifi", createEspruinoWifi({ realm: espruino.global, air: newAir() }));
    espruino.run(`
      var wifi = require("Wifi"), log = [];
      wifi.on("connected", function (d) { log.push("connected " + d.ip + " " + d.gw); });
      wifi.on("disconnected", function (d) { log.push("disconnected " + d.reason + " " + d.msg); });
    `);
    expect(() => espruino.run("wifi.connect(5, {})")).toThrow("No SSID provided");
    espruino.run(`wifi.connect("home", {password: "nope"}, function () { log.push("callback"); });`);
    await waitFor("the failed attempt", () => espruino.run("log.length") === 1);
    espruino.run(`wifi.connect("home", {password: "secret-42"}, function (err) { log.push("callback " + err); });`);
    await waitFor("the join", () => espruino.run("log.length") === 3);
    expect(espruino.run("log.join('|')")).toBe(
      "disconnected 202 AUTH_FAIL|connected 192.168.4.2 192.168.4.1|callback null",
    );
    expect(espruino.run("wifi.getIP().ip")).toBe("192.168.4.2");
    espruino.run("wifi.disconnect()");
    await waitFor("the leave", () => espruino.run("log.length") === 4);
    expect(espruino.run("log[3]")).toBe("disconnected 8 ASSOC_LEAVE");
    expect(espruino.run("wifi.getIP().ip")).toBe("0.0.0.0");
  });
});

describe("Espruino Storage emulation", () => {
  it("keeps byte strings across VMs, lists and erases, refuses long names", () => {
    const folder = newFolder();
    const first = createEspruinoVm();
    first.addBuiltin("Storage", createEspruinoStorage({ realm: first.global, folder }).module);
    first.run(`require("Storage").write("a", "\\x00\\xff bytes"); require("Storage").write("b", [1, 2, 3]);`);
    expect(() => first.run(`require("Storage").write("${"n".repeat(29)}", "x")`)).toThrow(/name too long/);
    const second = createEspruinoVm();
    second.addBuiltin("Storage", createEspruinoStorage({ realm: second.global, folder }).module);
    expect(second.run(`require("Storage").read("a")`)).toBe("\x00\xff bytes");
    expect(second.run(`require("Storage").read("b")`)).toBe("\x01\x02\x03");
    expect(second.run(`require("Storage").list().join(",")`)).toBe("a,b");
    second.run(`require("Storage").erase("a")`);
    expect(second.run(`require("Storage").read("a")`)).toBeUndefined();
  });
});

describe("NodeMCU wifi, file and uart emulations", () => {
  it("wifi raises before station mode and start, then reports got_ip and getip", async () => {
    const lua = createFengariLua({});
    installNodemcuWifi(lua.state, { air: newAir() });
    expect(() => lua.run('wifi.sta.config({ssid = "home", pwd = "secret-42"})')).toThrow(/not started in station mode/);
    expect(() => lua.run('wifi.sta.on("nonsense", print)')).toThrow(/invalid event/);
    lua.run(`
      log = {}
      wifi.sta.on("got_ip", function(event, info) log[#log + 1] = event .. " " .. info.ip .. " " .. info.netmask end)
      wifi.mode(wifi.STATION) wifi.start()
      wifi.sta.config({ssid = "home", pwd = "secret-42", auto = false})
    `);
    expect(lua.run("return wifi.sta.getip()").values).toEqual([undefined]);
    lua.run("wifi.sta.connect()");
    await waitFor("got_ip", () => lua.run("return #log").values[0] === 1);
    expect(lua.run("return log[1], wifi.sta.getip()").values).toEqual([
      "got_ip 192.168.4.2 255.255.255.0",
      "192.168.4.2",
      "255.255.255.0",
      "192.168.4.1",
    ]);
  });

  it("file opens, reads in pieces, appends, renames as SPIFFS does and lists", () => {
    const lua = createFengariLua({});
    installNodemcuFile(lua.state, { folder: newFolder() });
    expect(lua.run('return file.open("missing", "r"), file.exists("missing")').values).toEqual([undefined, false]);
    expect(() => lua.run(`file.open("${"n".repeat(32)}", "w")`)).toThrow(/filename invalid/);
    const values = lua.run(`
      local f = file.open("a", "w") f:write("hello ") f:close()
      f = file.open("a", "a") f:write("world") f:close()
      f = file.open("a") local one, two, three = f:read(4), f:read(100), f:read(1) f:close()
      local g = file.open("b", "w") g:close()
      local blocked = file.rename("a", "b")
      file.remove("b")
      local moved = file.rename("a", "c")
      local sizes = file.list()
      return one, two, three, blocked, moved, file.exists("a"), sizes.c, sizes.a
    `).values;
    expect(values).toEqual(["hell", "o world", undefined, false, true, false, 11, undefined]);
  });

  it('uart splits input at the terminator char and gives the input back on uart.on("data")', async () => {
    const lua = createFengariLua({});
    const port = installNodemcuUart(lua.state);
    lua.run(`lines = {} uart.on("data", "\\n", function(data) lines[#lines + 1] = data end, 0)`);
    port.type("one\ntw");
    port.type("o\nthr");
    await waitFor("two lines", () => lua.run("return #lines").values[0] === 2);
    expect(lua.run("return lines[1], lines[2]").values).toEqual(["one\n", "two\n"]);
    lua.run('uart.on("data") uart.write(0, "bye", 10)');
    port.type("x\n");
    expect(port.replInput()).toBe("x\n");
    expect(port.output()).toBe("bye\n");
  });
});
