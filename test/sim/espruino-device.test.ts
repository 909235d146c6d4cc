/**
 * The Espruino device host (hal/sim/espruino-device.ts), booting an application script as a user
 * would write one for an ESP32 — `require("mote")` (the built dist/espruino/mote.js, cached as
 * the IDE would), `require("Wifi")`, `require("Storage")`, `I2C1`, `OneWire`, `analogRead`,
 * `getSerial()`, `E.getTemperature()`, `process.memory()`, the console (`Serial1`, moved off the
 * REPL with `E.setConsole`) — on the virtual board of
 * sim-espruino against aedes on 127.0.0.1. It proves each global is there and wired to the virtual
 * hardware, that `E.reboot()` runs the script again on the same flash, that a throwing callback is
 * recorded while the device runs on, and that `stop()` leaves no handle behind.
 *
 * RUNTIMES.md lines relied on (Espruino, "Modules and globals"): `require("Wifi")`: `connect(ssid,
 * {password}, cb)`, `getIP()`; `require("Storage")`: `read`, `write`; `I2C1.setup`, `writeTo`,
 * `readFrom`; `new OneWire(pin)` with `search`; `analogRead(pin)`; `setInterval/setTimeout`;
 * `process.memory()` returns `{free, usage, total, ...}` in blocks.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { activeHandles, handlesBackTo, waitFor } from "../brokers/net-util";
import { deviceRig } from "./device-rig";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { loadBoard } from "../../tools/build/board";
import { createVirtualBoard } from "../../hal/sim/virtual-board";
import { createVirtualWifi } from "../../hal/sim/virtual-wifi";
import { bootEspruinoDevice, loadEspruinoArtefact } from "../../hal/sim/espruino-device";
import type { EspruinoDevice } from "../../hal/sim/espruino-device";

/** The application: counts boots in Storage, reads every bus, joins Wi-Fi, publishes its boot count. */
const APPLICATION = (port: number): string => `
var storage = require("Storage");
var wifi = require("Wifi");
var boots = Number(storage.read("boots") || "0") + 1;
storage.write("boots", String(boots));
Serial1.setup(115200);
print("boot " + boots + " serial " + getSerial());
I2C1.setup({ sda: 21, scl: 22, bitrate: 400000 });
I2C1.writeTo(0x76, 0xd0);
var chipId = I2C1.readFrom(0x76, 1)[0];
var roms = new OneWire(4).search();
var millivolts = Math.round(analogRead(34) * 3100);
var chipCelsius = Math.round(E.getTemperature());
var memory = process.memory();
Serial1.write("bme280 " + chipId + " roms " + roms.length + " mv " + millivolts + " chip " + chipCelsius + " blocks " + memory.total + "\\r\\n");
E.setConsole(LoopbackA);
Serial1.on("data", function (data) { Serial1.write("echo " + data); });
var ticks = 0;
setInterval(function () { ticks++; }, 5);
setTimeout(function () { throw new Error("thrown by a timer"); }, 1);
var mqtt;
wifi.connect("mote-sim", { password: "mote-sim-password" }, function (error) {
  print("wifi " + (error ? error : wifi.getIP().ip));
  mqtt = require("mote").connect({ host: "127.0.0.1", port: ${port}, client_id: "sim-" + getSerial() });
  mqtt.on("connected", function () {
    mqtt.publish("sim/" + getSerial() + "/boots", String(boots), { qos: 1 });
  });
});
`;

const rig = deviceRig("firmware.js", APPLICATION);

/** Boots the application on sim-espruino's virtual board with serial number `serialNumber`. */
function boot(serialNumber: number, flash = rig.newFlash()): EspruinoDevice {
  const board = createVirtualBoard(loadBoard("sim-espruino"), { clock: () => 300 });
  const air = createVirtualWifi({ networks: [{ ssid: "mote-sim", password: "mote-sim-password" }] });
  const device = bootEspruinoDevice({
    artefact: rig.artefact,
    board,
    air,
    flashFolder: flash,
    serialNumber,
    modules: { mote: fs.readFileSync(ARTEFACTS.espruino, "utf8") },
  });
  rig.afterTest(() => {
    device.stop();
    air.stopAll();
  });
  return device;
}

describe("an Espruino device", () => {
  it("runs the application with every global wired to the virtual board, Wi-Fi, Storage and net", async () => {
    const received = await rig.subscriber("sim/#");
    const device = boot(0x123456);
    expect(device.serial).toBe("240ac4123456");
    await waitFor(() => received.length > 0, "the boot count published");
    expect(received).toEqual(["sim/240ac4123456/boots 1"]);
    const output = device.output();
    expect(output).toContain("boot 1 serial 240ac4123456\r\n");
    expect(output).toMatch(/bme280 96 roms 1 mv (\d+) chip 45 blocks 16000\r\n/);
    const millivolts = Number(/mv (\d+)/.exec(output)![1]);
    // soil: a sine of mean 2000 and amplitude 600 over 1800 s, at 300 s: 2000 + 600 sin(pi / 3).
    expect(Math.abs(millivolts - (2000 + 600 * Math.sin(Math.PI / 3)))).toBeLessThanOrEqual(1);
    expect(output).toMatch(/wifi 192\.168\.4\.\d+\r\n/);
    device.type("hello\r\n");
    await waitFor(() => device.output().includes("echo hello\r\n"), "the console's echo");
  });

  it("records an exception thrown by a callback and keeps running", async () => {
    const device = boot(1);
    await waitFor(() => device.uncaught.length > 0, "the timer's exception");
    expect(String(device.uncaught[0])).toContain("thrown by a timer");
    const ticks = device.vm.run("ticks") as number;
    await waitFor(() => (device.vm.run("ticks") as number) > ticks + 2, "the interval to run on");
  });

  it("reboots on E.reboot(): the script runs again on the same flash, the old boot's timers gone", async () => {
    const received = await rig.subscriber("sim/240ac4000002/#");
    const device = boot(2);
    await waitFor(() => received.length === 1, "the first boot's publish");
    const firstContext = device.vm;
    device.vm.run("E.reboot()");
    await waitFor(() => device.reboots === 1, "the reboot");
    expect(device.vm).not.toBe(firstContext);
    expect(firstContext.pendingTimers()).toBe(0);
    await waitFor(() => received.length === 2, "the second boot's publish");
    expect(received).toEqual(["sim/240ac4000002/boots 1", "sim/240ac4000002/boots 2"]);
    expect(device.output()).toContain("boot 2 serial 240ac4000002");
  });

  it("keeps the flash across devices booted over the same folder", () => {
    const flash = rig.newFlash();
    boot(3, flash).stop();
    expect(boot(3, flash).output()).toContain("boot 2 serial");
  });

  it("leaves no timer, socket or station behind once stopped", async () => {
    const received = await rig.subscriber("sim/240ac4000004/#");
    const before = activeHandles();
    const air = createVirtualWifi({ networks: [{ ssid: "mote-sim", password: "mote-sim-password" }] });
    const device = bootEspruinoDevice({
      artefact: rig.artefact,
      board: createVirtualBoard(loadBoard("sim-espruino"), { clock: () => 0 }),
      air,
      flashFolder: rig.newFlash(),
      serialNumber: 4,
      modules: { mote: fs.readFileSync(ARTEFACTS.espruino, "utf8") },
    });
    await waitFor(() => received.length === 1, "the device connected and publishing");
    expect(air.joined).toBe(1);
    device.stop();
    expect(air.joined).toBe(0);
    await handlesBackTo(before);
  });

  it("compiles an artefact once per process", () => {
    expect(loadEspruinoArtefact(rig.artefact)).toBe(loadEspruinoArtefact(rig.artefact));
  });
});
