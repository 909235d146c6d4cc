/**
 * `npm start`, run as a user runs it (tools/start.ts in its own process, for a few seconds): the
 * embedded broker, the device's console and the readings view, a fleet's summary, an outside
 * broker, and the options it refuses.
 */
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import * as net from "node:net";
import { PROJECT_ROOT } from "../../tools/build/project";
import { freePort, listen, closeServer, waitFor } from "../brokers/net-util";
import { startAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";

/** Runs `npm start -- ...args` to its end; resolves with its exit code and output. */
function start(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tools/start.ts", ...args], { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("npm start", () => {
  it("boots the default board against its embedded broker and shows the console and the readings", async () => {
    const port = await freePort();
    const result = await start(["--duration", "6", "--port", String(port)]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`broker: embedded aedes on mqtt://127.0.0.1:${port}`);
    expect(result.stdout).toContain("mote on Simulated ESP32 on Espruino (sim-espruino, espruino), device 000001");
    expect(result.stdout).toMatch(/\[mqtt\] \d\d:\d\d:\d\d {2}000001 {2}online/);
    expect(result.stdout).toMatch(/\[mqtt\] \d\d:\d\d:\d\d {2}000001 {2}climate\/temperature +\d+\.\d\d °C/);
    expect(result.stdout).toMatch(/\[mqtt\] \d\d:\d\d:\d\d {2}000001 {2}soil\/moisture +\d+ %/);
    expect(result.stdout).toMatch(/stopped: \d+ readings seen/);
  });

  it("shows the device going offline when the access point drops, back online after, and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tools/start.ts", "--port", String(await freePort()), "--wifi-drop-every", "3", "--wifi-drop-for", "1"], {
      cwd: PROJECT_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
    await waitFor(() => /000001 {2}offline[\s\S]*000001 {2}online/.test(stdout.slice(stdout.indexOf("000001  online") + 1)), "offline, then online again", 30000);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/stopped: \d+ readings seen/);
  });

  it("runs a fleet on NodeMCU, summed up every 5 s", async () => {
    const result = await start(["--runtime", "nodemcu", "--devices", "3", "--duration", "7", "--port", String(await freePort())]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("3 × Simulated ESP32 on NodeMCU (sim-nodemcu), nodemcu firmware");
    expect(result.stdout).toMatch(/3 devices online, [\d,]+ readings in 5 s/);
  });

  it("sends the readings to an outside broker with --broker, embedding none", async () => {
    const broker = await startAedes({ version: 1 });
    try {
      const { client } = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`);
      const topics = new Set<string>();
      client.on("message", (topic) => topics.add(topic));
      await client.subscribeAsync("mote/#");
      const result = await start(["--broker", `mqtt://127.0.0.1:${broker.port}`, "--duration", "5", "--latency", "20", "--jitter", "5"]);
      await client.endAsync();
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`broker: mqtt://127.0.0.1:${broker.port}\n`);
      expect(topics).toContain("mote/000001/climate/temperature");
    } finally {
      await broker.close();
    }
  });

  it("says when its port is taken, and exits", async () => {
    const server = net.createServer();
    const port = await listen(server);
    try {
      const result = await start(["--port", String(port), "--duration", "3"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is taken`);
    } finally {
      await closeServer(server);
    }
  });

  it.each([
    [["--runtime", "lua"], "--runtime lua: espruino or nodemcu"],
    [["--board", "sim-nodemcu", "--runtime", "espruino"], "board sim-nodemcu runs nodemcu"],
    [["--board", "no-such-board"], 'no board "no-such-board" in boards/'],
    [["--devices", "0"], "--devices 0: give a number from 1 to 100000"],
    [["--loss", "100"], "--loss 100: give a number from 0 to 99"],
    [["--broker", "http://127.0.0.1:1883"], "only mqtt:// (plain TCP) brokers"],
    [["--colour"], "Unknown option '--colour'"],
  ])("refuses %j with a message and its usage", (args, message) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "tools/start.ts", ...args], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm start");
  });

  it("prints its usage with --help", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "tools/start.ts", "--help"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--wifi-drop-every <s>");
  });
});
