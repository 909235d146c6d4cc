/**
 * The NodeMCU device host (hal/sim/nodemcu-device.ts), booting an application chunk as a user
 * would write one for an ESP32 on `dev-esp32` — `require("mote")` (the built dist/nodemcu/mote.lua,
 * preloaded), `file`, `wifi`, `tmr`, `i2c`, `ow`, `adc`, `uart`, `node` — on the virtual board of
 * sim-nodemcu against aedes on 127.0.0.1. It proves each module is there and wired to the virtual
 * hardware, that `node.restart()` runs the chunk again on the same flash, that a Lua error raised
 * by a callback is recorded while the device runs on, and that `stop()` leaves no handle behind.
 *
 * RUNTIMES.md lines relied on (NodeMCU): `tmr.create():alarm(ms, tmr.ALARM_AUTO|ALARM_SINGLE, fn)`;
 * ESP32 `wifi.mode(wifi.STATION)`, `wifi.start()`, `wifi.sta.config`, `wifi.sta.on(event, fn)`;
 * `file.open(name, mode)` with `:read`, `:write`, `:close`; `i2c.setup/start/address/write/read/stop`;
 * `adc.read(channel)`; `uart.on("data", terminator, fn, run_input)`; `node.heap()`,
 * `node.restart()`, `node.chipid()`; `mote.Client(clientid, keepalive)` with `:connect(host, port,
 * secure, onconnect)` and `:publish(topic, payload, qos, retain)`.
 */
import { describe, expect, it } from "vitest";
import { activeHandles, handlesBackTo, waitFor } from "../brokers/net-util";
import { deviceRig } from "./device-rig";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { loadBoard } from "../../tools/build/board";
import { createVirtualBoard } from "../../hal/sim/virtual-board";
import { createVirtualWifi } from "../../hal/sim/virtual-wifi";
import { bootNodemcuDevice } from "../../hal/sim/nodemcu-device";
import type { NodemcuDevice } from "../../hal/sim/nodemcu-device";
import { nodemcuChipIdOf } from "../../hal/sim/device-identity";

/** The application: counts boots in a file, reads every bus, joins Wi-Fi, publishes its boot count. */
const APPLICATION = (port: number): string => `
local mqtt = require("mote")
boots = 1
local f = file.open("boots", "r")
if f then boots = tonumber(f:read()) + 1; f:close() end
f = file.open("boots", "w"); f:write(tostring(boots)); f:close()
uart.write(0, "boot " .. boots .. " chip " .. node.chipid() .. "\\n")
i2c.setup(i2c.SW, 21, 22, i2c.FAST)
i2c.start(i2c.SW); i2c.address(i2c.SW, 0x76, i2c.TRANSMITTER); i2c.write(i2c.SW, 0xd0); i2c.stop(i2c.SW)
i2c.start(i2c.SW); i2c.address(i2c.SW, 0x76, i2c.RECEIVER)
local id = string.byte(i2c.read(i2c.SW, 1)); i2c.stop(i2c.SW)
ow.setup(4); ow.reset_search(4)
local rom = ow.search(4)
adc.setwidth(adc.ADC1, 12); adc.setup(adc.ADC1, 6, adc.ATTEN_11db)
print("bme280 " .. id .. " rom " .. (rom and #rom or 0) .. " raw " .. adc.read(adc.ADC1, 6) .. " heap " .. node.heap())
ticks = 0
tmr.create():alarm(5, tmr.ALARM_AUTO, function() ticks = ticks + 1 end)
tmr.create():alarm(1, tmr.ALARM_SINGLE, function() error("raised by a timer") end)
uart.on("data", "\\n", function(line) uart.write(0, "echo " .. line) end, 0)
wifi.mode(wifi.STATION); wifi.start()
wifi.sta.on("got_ip", function(event, info)
  print("wifi " .. info.ip)
  client = mqtt.Client("sim-" .. node.chipid(), 60)
  client:connect("127.0.0.1", ${port}, false, function(c)
    c:publish("sim/" .. node.chipid() .. "/boots", tostring(boots), 1, 0)
  end)
end)
wifi.sta.config({ ssid = "mote-sim", pwd = "mote-sim-password" })
`;

const rig = deviceRig("firmware.lua", APPLICATION);

/** Boots the application on sim-nodemcu's virtual board with serial number `serialNumber`. */
function boot(serialNumber: number, flash = rig.newFlash()): NodemcuDevice {
  const board = createVirtualBoard(loadBoard("sim-nodemcu"), { clock: () => 300 });
  const air = createVirtualWifi({ networks: [{ ssid: "mote-sim", password: "mote-sim-password" }] });
  const device = bootNodemcuDevice({ artefact: rig.artefact, board, air, flashFolder: flash, serialNumber, modules: { mote: ARTEFACTS.nodemcu } });
  rig.afterTest(() => {
    device.stop();
    air.stopAll();
  });
  return device;
}

describe("a NodeMCU device", () => {
  it("runs the application with every module wired to the virtual board, Wi-Fi, file and net", async () => {
    const received = await rig.subscriber("sim/#");
    const device = boot(0x123456);
    expect(device.chipId).toBe(nodemcuChipIdOf(0x123456));
    expect(device.chipId).toMatch(/^0x[0-9a-f]{1,2}240ac41234$/);
    await waitFor(() => received.length > 0, "the boot count published", 10000);
    expect(received).toEqual([`sim/${device.chipId}/boots 1`]);
    const output = device.output();
    expect(output).toContain(`boot 1 chip ${device.chipId}\n`);
    const [, id, romBytes, raw, heap] = /bme280 (\d+) rom (\d+) raw (\d+) heap (\d+)\n/.exec(output)!;
    expect([Number(id), Number(romBytes)]).toEqual([0x60, 8]);
    // soil: a sine of mean 2000 and amplitude 600 over 1800 s, at 300 s, through 3100 mV full scale.
    expect(Math.abs(Number(raw) - ((2000 + 600 * Math.sin(Math.PI / 3)) / 3100) * 4095)).toBeLessThanOrEqual(1);
    expect(Number(heap)).toBeGreaterThan(200000);
    expect(output).toMatch(/wifi 192\.168\.4\.\d+\n/);
    device.type("hello\n");
    await waitFor(() => device.output().includes("echo hello\n"), "the uart callback's echo");
  });

  it("records a Lua error raised by a callback and keeps running", async () => {
    const device = boot(1);
    await waitFor(() => device.uncaught.length > 0, "the timer's error");
    expect(device.uncaught[0]).toContain("raised by a timer");
    const ticks = device.lua.run("return ticks").values[0] as number;
    await waitFor(() => (device.lua.run("return ticks").values[0] as number) > ticks + 2, "the timer to run on");
  });

  it("restarts on node.restart(): the chunk runs again on the same flash", async () => {
    const device = boot(2);
    const received = await rig.subscriber(`sim/${device.chipId}/#`);
    await waitFor(() => received.length === 1, "the first boot's publish", 10000);
    const firstState = device.lua;
    device.lua.run("node.restart()");
    await waitFor(() => device.reboots === 1, "the restart");
    expect(device.lua).not.toBe(firstState);
    await waitFor(() => received.length === 2, "the second boot's publish", 10000);
    expect(received.map((line) => line.split(" ")[1])).toEqual(["1", "2"]);
    expect(device.output()).toContain("boot 2 chip");
  });

  it("leaves no timer, socket or station behind once stopped", async () => {
    const received = await rig.subscriber("sim/+/boots");
    const before = activeHandles();
    const air = createVirtualWifi({ networks: [{ ssid: "mote-sim", password: "mote-sim-password" }] });
    const device = bootNodemcuDevice({
      artefact: rig.artefact,
      board: createVirtualBoard(loadBoard("sim-nodemcu"), { clock: () => 0 }),
      air,
      flashFolder: rig.newFlash(),
      serialNumber: 4,
      modules: { mote: ARTEFACTS.nodemcu },
    });
    await waitFor(() => received.length === 1, "the device connected and publishing", 10000);
    expect(air.joined).toBe(1);
    device.stop();
    expect(air.joined).toBe(0);
    await handlesBackTo(before);
  });
});
