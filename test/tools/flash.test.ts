/**
 * flash.sh, without a board: its argument checks, and the exact upload commands it would run
 * (--dry-run) for a board's firmware and for each runtime's library bundle, against the
 * artefacts the test run built.
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../../tools/build/project";

function flash(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("bash", ["flash.sh", ...args], { cwd: PROJECT_ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("flash.sh", () => {
  it("writes the Espruino bundle into Storage as the module 'mote' with the pinned espruino CLI", () => {
    const result = flash("--runtime", "espruino", "--port", "/dev/ttyUSB0", "--no-build", "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("npx --yes espruino@0.1.67 --no-ble -p /dev/ttyUSB0 -b 115200 --storage mote:dist/espruino/mote.js");
  });

  it("uploads the Lua bundle as mote.lua with the pinned nodemcu-tool, compiled on request", () => {
    const result = flash("--runtime", "nodemcu", "--port", "/dev/ttyUSB1", "--baud", "921600", "--compile", "--no-build", "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(
      "npx --yes nodemcu-tool@3.2.1 --port /dev/ttyUSB1 --baud 921600 upload dist/nodemcu/mote.lua --remotename mote.lua --compile",
    );
  });

  it("writes an Espruino board's firmware into Storage as .bootcde, which Espruino runs at boot", () => {
    const result = flash("--board", "esp32-devkitc-espruino", "--port", "/dev/ttyUSB0", "--no-build", "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("npx --yes espruino@0.1.67 --no-ble -p /dev/ttyUSB0 -b 115200 --storage .bootcde:dist/esp32-devkitc-espruino/firmware.js");
  });

  it("uploads a NodeMCU board's firmware and the init.lua that runs it", () => {
    const result = flash("--board", "esp32-devkitc-nodemcu", "--port", "/dev/ttyUSB1", "--compile", "--no-build", "--dry-run");
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      "npx --yes nodemcu-tool@3.2.1 --port /dev/ttyUSB1 --baud 115200 upload dist/esp32-devkitc-nodemcu/firmware.lua --remotename firmware.lua --compile",
      "npx --yes nodemcu-tool@3.2.1 --port /dev/ttyUSB1 --baud 115200 upload dist/esp32-devkitc-nodemcu/init.lua --remotename init.lua",
    ]);
  });

  it.each([
    [["--port", "/dev/ttyUSB0"], "--board <id> or --runtime espruino|nodemcu is required"],
    [["--board", "esp32-wroom-99", "--port", "/dev/ttyUSB0"], "no board 'esp32-wroom-99' in boards/"],
    [["--board", "sim-espruino", "--runtime", "espruino", "--port", "/dev/ttyUSB0"], "give --board or --runtime, not both"],
    [["--runtime", "micropython", "--port", "/dev/ttyUSB0"], "unknown runtime 'micropython'"],
    [["--runtime", "espruino"], "--port is required"],
    [["--runtime", "espruino", "--port", "/dev/ttyUSB0", "--baud", "fast"], "--baud must be a number"],
    [["--runtime", "espruino", "--port", "/dev/ttyUSB0", "--compile"], "--compile applies to NodeMCU only"],
    [["--runtime", "espruino", "--port", "/dev/ttyUSB0", "--verbose"], "unknown argument '--verbose'"],
  ])("refuses %j with a clear message and exit code 2", (args, message) => {
    const result = flash(...args, "--no-build", "--dry-run");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
