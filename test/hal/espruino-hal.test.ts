/**
 * The Espruino Link and Storage (hal/espruino/link.ts, storage.ts), built alone as an Espruino
 * bundle (test/runtimes/fixtures/hal-espruino.ts) and run in the Espruino VM with the simulator's
 * `Wifi` over a virtual access point (hal/sim/espruino-wifi.ts, virtual-wifi.ts) and `Storage` over a
 * folder (hal/sim/espruino-storage.ts).
 *
 * RUNTIMES.md lines relied on (Espruino, "Modules and globals"): `require("Wifi")`:
 * `connect(ssid, {password}, cb)`, `on("connected"|"disconnected", fn)`, `getIP()`;
 * `require("Storage")`: `read`, `write`, `erase`, `list`; `setTimeout`/`clearTimeout`; the console
 * is on a serial device and `E.setConsole(device)` moves it (to `LoopbackA`) and back;
 * `Serial1.setup(baud, ...)`, `on("data")`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEspruinoVm } from "../../hal/sim/espruino-vm";
import type { EspruinoModule, EspruinoVm } from "../../hal/sim/espruino-vm";
import { waitFor } from "../runtimes/socket-harness";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import { PROJECT_ROOT } from "../../tools/build/project";
import { createEspruinoWifi } from "../../hal/sim/espruino-wifi";
import { createEspruinoStorage } from "../../hal/sim/espruino-storage";
import type { EspruinoStorage } from "../../hal/sim/espruino-storage";
import { createVirtualWifi } from "../../hal/sim/virtual-wifi";
import type { VirtualWifi } from "../../hal/sim/virtual-wifi";
import { installEspruinoSerial } from "../../hal/sim/espruino-serial";
import type { EspruinoSerialPort } from "../../hal/sim/espruino-serial";
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
  STORAGE_WRITE_FAILED,
} from "../../hal/api";

const BUNDLE = path.join(PROJECT_ROOT, "dist/test/hal-espruino.js");
let source = "";

beforeAll(async () => {
  await buildEspruinoBundle("test/runtimes/fixtures/hal-espruino.ts", BUNDLE);
  source = fs.readFileSync(BUNDLE, "utf8");
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface Device {
  espruino: EspruinoVm;
  hal: EspruinoModule;
  storage: EspruinoStorage;
  port: EspruinoSerialPort;
}

/** A fresh VM (a boot) with the HAL bundle, `Wifi` on `air` and `Storage` over `flash`. */
function boot(air: VirtualWifi, flash: string): Device {
  const espruino = createEspruinoVm({ timers: true });
  espruino.addBuiltin("Wifi", createEspruinoWifi({ realm: espruino.global, air, onError: espruino.report }));
  const storage = createEspruinoStorage({ realm: espruino.global, folder: flash });
  espruino.addBuiltin("Storage", storage.module);
  const port = installEspruinoSerial({ realm: espruino.global });
  espruino.addCached("hal", source);
  cleanups.push(() => espruino.clearTimers());
  return { espruino, hal: espruino.require("hal"), storage, port };
}

function newAir(): VirtualWifi {
  const air = createVirtualWifi({ networks: [{ ssid: "home", password: "secret-42" }] });
  cleanups.push(() => air.stopAll());
  return air;
}

function newFlash(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-espruino-flash-"));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A Link from the bundle and the events it gave, in order. */
function linkOf(device: Device, rejoinMs = 20) {
  const events: string[] = [];
  const link = device.hal.newLink({
    onUp: (address: string) => events.push(`up ${address}`),
    onDown: (reason: number) => events.push(`down ${reason}`),
    rejoinMs,
  });
  return { link, events };
}

describe("Espruino Link over the virtual access point", () => {
  it("joins with the right password and reports the address", async () => {
    const { link, events } = linkOf(boot(newAir(), newFlash()));
    expect(link.join("home", "secret-42")).toBe(true);
    expect(link.linkStatus()).toBe(LINK_CONNECTING);
    expect(events).toEqual([]);
    await waitFor("the link events", () => events.length > 0);
    expect(events).toEqual(["up 192.168.4.2"]);
    expect(link.linkStatus()).toBe(LINK_UP);
  });

  it("reports a wrong password once and does not retry it", async () => {
    const { link, events } = linkOf(boot(newAir(), newFlash()));
    link.join("home", "wrong");
    await waitFor("the link events", () => events.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual([`down ${LINK_REASON_WRONG_PASSWORD}`]);
    expect(link.linkStatus()).toBe(LINK_DOWN);
    expect(link.reason()).toBe(LINK_REASON_WRONG_PASSWORD);
  });

  it("reports an unknown SSID as no network", async () => {
    const { link, events } = linkOf(boot(newAir(), newFlash()), 10000);
    link.join("elsewhere", "secret-42");
    await waitFor("the link events", () => events.length > 0);
    expect(events).toEqual([`down ${LINK_REASON_NO_NETWORK}`]);
    expect(link.reason()).toBe(LINK_REASON_NO_NETWORK);
  });

  it("reports a drop as lost and comes back up by itself when the access point returns", async () => {
    const air = newAir();
    const { link, events } = linkOf(boot(air, newFlash()));
    link.join("home", "secret-42");
    await waitFor("the link events", () => link.linkStatus() === LINK_UP);
    air.drop();
    await waitFor("the link events", () => events.length >= 2);
    expect(events[1]).toBe(`down ${LINK_REASON_LOST}`);
    await waitFor("the link events", () => events.includes(`down ${LINK_REASON_NO_NETWORK}`));
    air.restore();
    await waitFor("the link events", () => link.linkStatus() === LINK_UP);
    expect(events[0]).toBe("up 192.168.4.2");
    expect(events[events.length - 1]).toMatch(/^up 192\.168\.4\.\d+$/);
  });

  it("follows a scheduled drop and return", async () => {
    const air = newAir();
    const { link, events } = linkOf(boot(air, newFlash()));
    link.join("home", "secret-42");
    await waitFor("the link events", () => link.linkStatus() === LINK_UP);
    air.schedule([
      { atMs: 10, action: "drop" },
      { atMs: 60, action: "restore" },
    ]);
    await waitFor("the link events", () => events.filter((event) => event.startsWith("up")).length === 2);
    expect(events[1]).toBe(`down ${LINK_REASON_LOST}`);
  });

  it("says closed after close() and ignores the air afterwards", async () => {
    const air = newAir();
    const { link, events } = linkOf(boot(air, newFlash()));
    link.join("home", "secret-42");
    await waitFor("the link events", () => link.linkStatus() === LINK_UP);
    link.close();
    await waitFor("the link events", () => events.length === 2);
    expect(events[1]).toBe(`down ${LINK_REASON_CLOSED}`);
    air.drop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.length).toBe(2);
    expect(link.join("home", "secret-42")).toBe(false);
  });
});

/** The bytes 0..n-1 scaled, in a store of the VM's realm. */
function pattern(device: Device, length: number, seed: number): Uint8Array {
  const store = new device.espruino.global.Uint8Array(length);
  for (let index = 0; index < length; index++) store[index] = (index * 7 + seed) % 256;
  return store;
}

function readAll(device: Device, storage: EspruinoModule, name: string, room = 512): { status: number; bytes: number[] } {
  const store = new device.espruino.global.Uint8Array(room);
  const status = storage.read(name, store, 0, room);
  return { status, bytes: status >= 0 ? Array.from(store.subarray(0, status) as Uint8Array) : [] };
}

describe("Espruino Storage over a flash folder", () => {
  it("round-trips blobs, survives a reboot, lists, removes", () => {
    const flash = newFlash();
    const air = newAir();
    const first = boot(air, flash);
    const storage = first.hal.newStorage();
    expect(storage.write("config", pattern(first, 300, 1), 0, 300)).toBe(STORAGE_OK);
    expect(storage.write("config", pattern(first, 200, 2), 0, 200)).toBe(STORAGE_OK);
    expect(storage.write("empty", pattern(first, 1, 0), 0, 0)).toBe(STORAGE_OK);
    const again = boot(air, flash);
    const reopened = again.hal.newStorage();
    expect(readAll(again, reopened, "config")).toEqual({ status: 200, bytes: Array.from(pattern(again, 200, 2)) });
    expect(readAll(again, reopened, "empty")).toEqual({ status: 0, bytes: [] });
    const names: string[] = [];
    const count = reopened.list(names);
    expect(names.slice(0, count).sort()).toEqual(["config", "empty"]);
    expect(reopened.has("config")).toBe(true);
    expect(reopened.remove("config")).toBe(STORAGE_OK);
    expect(reopened.has("config")).toBe(false);
    expect(readAll(again, reopened, "config").status).toBe(STORAGE_NOT_FOUND);
  });

  it("refuses bad names and blobs longer than the room", () => {
    const device = boot(newAir(), newFlash());
    const storage = device.hal.newStorage();
    expect(storage.write("a~b", pattern(device, 4, 0), 0, 4)).toBe(STORAGE_BAD_NAME);
    expect(storage.write("", pattern(device, 4, 0), 0, 4)).toBe(STORAGE_BAD_NAME);
    expect(storage.write("x".repeat(27), pattern(device, 4, 0), 0, 4)).toBe(STORAGE_BAD_NAME);
    expect(storage.write("big", pattern(device, 100, 0), 0, 100)).toBe(STORAGE_OK);
    expect(readAll(device, storage, "big", 99).status).toBe(STORAGE_TOO_BIG);
  });

  it("keeps the last good copy when the power is cut in the middle of a replace", () => {
    const flash = newFlash();
    const air = newAir();
    const device = boot(air, flash);
    const storage = device.hal.newStorage();
    expect(storage.write("config", pattern(device, 64, 1), 0, 64)).toBe(STORAGE_OK);
    expect(storage.write("config", pattern(device, 64, 2), 0, 64)).toBe(STORAGE_OK);
    for (const kept of [0, 5, 40, 71]) {
      device.storage.cutPowerOnNextWrite(kept);
      expect(storage.write("config", pattern(device, 64, 3), 0, 64)).toBe(STORAGE_WRITE_FAILED);
      const rebooted = boot(air, flash);
      expect(readAll(rebooted, rebooted.hal.newStorage(), "config")).toEqual({ status: 64, bytes: Array.from(pattern(rebooted, 64, 2)) });
    }
    const rebooted = boot(air, flash);
    const recovered = rebooted.hal.newStorage();
    expect(recovered.write("config", pattern(rebooted, 10, 4), 0, 10)).toBe(STORAGE_OK);
    expect(readAll(rebooted, recovered, "config").bytes).toEqual(Array.from(pattern(rebooted, 10, 4)));
  });

  it("says corrupt for data it did not write, and a later write replaces it", () => {
    const device = boot(newAir(), newFlash());
    const flash = device.espruino.require("Storage");
    flash.write("config~0", "not a blob at all");
    const storage = device.hal.newStorage();
    expect(storage.has("config")).toBe(true);
    expect(readAll(device, storage, "config").status).toBe(STORAGE_CORRUPT);
    expect(storage.write("config", pattern(device, 8, 9), 0, 8)).toBe(STORAGE_OK);
    expect(readAll(device, storage, "config").bytes).toEqual(Array.from(pattern(device, 8, 9)));
  });

  it("falls back to the older copy when the newer one is damaged", () => {
    const device = boot(newAir(), newFlash());
    const storage = device.hal.newStorage();
    storage.write("config", pattern(device, 16, 1), 0, 16);
    storage.write("config", pattern(device, 16, 2), 0, 16);
    const flash = device.espruino.require("Storage");
    const newer = flash.read("config~1") as string;
    flash.write("config~1", newer.slice(0, 12) + String.fromCharCode((newer.charCodeAt(12) + 1) % 256) + newer.slice(13));
    expect(readAll(device, storage, "config").bytes).toEqual(Array.from(pattern(device, 16, 1)));
  });
});

describe("Espruino Serial on the console UART", () => {
  it("takes the console from the REPL, passes lines both ways and gives it back on close", async () => {
    const device = boot(newAir(), newFlash());
    device.port.type("1+1\r\n");
    let received = "";
    const serial = device.hal.newSerial({
      onData: (store: Uint8Array, offset: number, length: number) => {
        received += Buffer.from(store.subarray(offset, offset + length)).toString("latin1");
      },
    });
    expect(device.port.consoleOn()).toBe("LoopbackA");
    expect(device.port.consoleForced()).toBe(true);
    expect(device.port.baud()).toBe(115200);
    device.port.type("set wifi.ssid home\r\n");
    device.port.type("st");
    device.port.type("atus\r\n" + "x".repeat(300) + "\r\n");
    await waitFor("the typed lines", () => received.length === 28 + 302);
    expect(received.slice(0, 28)).toBe("set wifi.ssid home\r\nstatus\r\n");
    const reply = new device.espruino.global.Uint8Array(Buffer.from("ok \xff\r\n", "latin1"));
    expect(serial.write(reply, 0, reply.length)).toBe(reply.length);
    expect(serial.write(reply, 1, 0)).toBe(0);
    expect(device.port.output()).toBe("ok \xff\r\n");
    serial.close();
    expect(device.port.consoleOn()).toBe("Serial1");
    device.port.type("reset()\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.length).toBe(28 + 302);
    expect(device.port.replInput()).toBe("1+1\r\nreset()\r\n");
    expect(serial.write(reply, 0, 1)).toBe(-1);
    expect(device.espruino.uncaught).toEqual([]);
  });
});
