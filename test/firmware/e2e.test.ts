/**
 * The firmware end to end, on both runtimes: the very artefact `npm run build` makes for a
 * simulator board, booted on a simulated ESP32 (the Espruino build in its vm context, the NodeMCU
 * build on fengari) with virtual chips, a virtual access point and a real broker. What a
 * subscriber sees is checked exactly: topics, payloads formatted from fixed point, the retained
 * status and Home Assistant discovery configs, the will; then the console, the MQTT 5 commands,
 * sensor faults, a damaged saved config, and a Wi-Fi drop and a broker restart with no reading
 * lost.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { startRig, readingCounters } from "./device-rig";
import type { Rig } from "./device-rig";
import { waitFor, sleep } from "../brokers/net-util";

const RUNTIMES = [
  { runtime: "espruino", board: "sim-espruino", model: "Simulated ESP32 on Espruino" },
  { runtime: "nodemcu", board: "sim-nodemcu", model: "Simulated ESP32 on NodeMCU" },
] as const;

/** Serial number 1's MAC ends 00:00:01: its device id on either runtime. */
const DEVICE = "000001";
const BASE = `mote/${DEVICE}`;

const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

/** Starts a rig and stops it after the test. */
async function rigFor(options: Parameters<typeof startRig>[0]): Promise<Rig> {
  const rig = await startRig(options);
  rigs.push(rig);
  return rig;
}

/** Waits until `topic` has had `count` readings, and returns them. */
async function readings(rig: Rig, topic: string, count: number, timeoutMs = 20000): Promise<string[]> {
  await waitFor(() => rig.payloads(topic).length >= count, `${count} readings on ${topic}`, timeoutMs);
  return rig.payloads(topic);
}

describe.each(RUNTIMES)("the firmware on $runtime", ({ runtime, board, model }) => {
  it("announces itself retained, publishes every quantity of every sensor, and its will says offline", async () => {
    const rig = await rigFor({ board, brokerVersion: 1 });
    const hardware = rig.device.hardware;
    hardware.hold("climate", "temperature", 23.45);
    hardware.hold("climate", "humidity", 41.2);
    hardware.hold("climate", "pressure", 1002.5);
    hardware.hold("air", "temperature", 19.8);
    hardware.hold("air", "humidity", 55);
    hardware.hold("probe", "temperature", 21.5);
    hardware.hold("soil", "millivolts", 2000);
    await waitFor(() => rig.last.get(`${BASE}/status`) === "online", "the retained status online", 20000);
    const quantities = ["climate/temperature", "climate/humidity", "climate/pressure", "air/temperature", "air/humidity", "probe/temperature", "soil/moisture"];
    const firsts = new Map<string, string>();
    for (const quantity of quantities) firsts.set(quantity, (await readings(rig, `${BASE}/${quantity}`, 1))[0]);
    expect(firsts.get("probe/temperature")).toBe("21.50");
    expect(firsts.get("soil/moisture")).toBe("50");
    for (const [quantity, held, decimals] of [
      ["climate/temperature", 23.45, 2],
      ["climate/humidity", 41.2, 2],
      ["climate/pressure", 1002.5, 2],
      ["air/temperature", 19.8, 2],
      ["air/humidity", 55, 2],
    ] as const) {
      const payload = firsts.get(quantity) as string;
      expect(payload).toMatch(new RegExp(`^\\d+\\.\\d{${decimals}}$`));
      expect(Math.abs(Number(payload) - held)).toBeLessThanOrEqual(0.02);
    }

    const retained = await rig.retainedNow("#");
    expect(retained.get(`${BASE}/status`)).toBe("online");
    const configs = [...retained.keys()].filter((topic) => topic.startsWith("homeassistant/")).sort();
    expect(configs).toEqual(quantities.map((quantity) => `homeassistant/sensor/${DEVICE}_${quantity.replace("/", "_")}/config`).sort());
    expect([...retained.keys()].filter((topic) => !topic.startsWith("homeassistant/"))).toEqual([`${BASE}/status`]);
    expect(JSON.parse(retained.get(`homeassistant/sensor/${DEVICE}_climate_temperature/config`) as string)).toEqual({
      name: "climate temperature",
      unique_id: `${DEVICE}_climate_temperature`,
      state_topic: `${BASE}/climate/temperature`,
      unit_of_measurement: "°C",
      device_class: "temperature",
      state_class: "measurement",
      availability_topic: `${BASE}/status`,
      payload_available: "online",
      payload_not_available: "offline",
      device: { identifiers: [DEVICE], name: DEVICE, model, manufacturer: "Espressif" },
    });
    expect(JSON.parse(retained.get(`homeassistant/sensor/${DEVICE}_soil_moisture/config`) as string)).toMatchObject({ unit_of_measurement: "%" });

    rig.fleet.stop();
    await waitFor(() => rig.last.get(`${BASE}/status`) === "offline", "the will: status offline", 20000);
  });

  it("runs its console: status, a refused line that changes nothing, a setting saved across a reboot", async () => {
    const rig = await rigFor({ board, brokerVersion: 1 });
    await waitFor(() => rig.last.get(`${BASE}/status`) === "online", "the device online", 20000);
    const status = await rig.command("status");
    expect(status).toContain(`board: ${board} (${runtime}), device ${DEVICE}`);
    expect(status).toContain("mqtt: connected to 127.0.0.1:1883");
    expect(status).toMatch(/sensor probe: every 10 s/);
    expect(await rig.command("set mqtt.port 70000")).toMatch(/error/);
    expect(await rig.command("set sensor.probe.interval 3")).not.toMatch(/error/);
    expect(await rig.command("save")).not.toMatch(/error/);
    const beforeReboot = rig.device.output().length;
    rig.device.reboot();
    await waitFor(() => rig.device.reboots === 1 && rig.device.output().slice(beforeReboot).includes(`mote on ${model}`), "the reboot", 20000);
    await waitFor(() => rig.device.output().endsWith("> "), "the prompt after the reboot", 20000);
    const after = await rig.command("status");
    expect(after).toMatch(/sensor probe: every 3 s/);
    expect(after).not.toContain("70000");
    expect(rig.device.uncaught()).toEqual([]);
  });

  it("stops publishing a sensor that fails, says why on the console, and goes on with the others", async () => {
    const rig = await rigFor({ board, brokerVersion: 1, edit: (raw) => raw.sensors.forEach((sensor: { interval: number }) => (sensor.interval = 1)) });
    await readings(rig, `${BASE}/air/temperature`, 1);
    rig.device.hardware.setFault("air", "bad-crc");
    await sleep(1500);
    const airBefore = rig.payloads(`${BASE}/air/temperature`).length;
    const climateBefore = rig.payloads(`${BASE}/climate/temperature`).length;
    await readings(rig, `${BASE}/climate/temperature`, climateBefore + 2);
    expect(rig.payloads(`${BASE}/air/temperature`).length).toBe(airBefore);
    expect(await rig.command("status")).toMatch(/sensor air: every 1 s, last reading bad checksum/);
    rig.device.hardware.setFault("air", undefined);
    await readings(rig, `${BASE}/air/temperature`, airBefore + 1);
  });

  it("falls back to the board's settings when both saved copies are damaged, and says so", async () => {
    const rig = await rigFor({ board, brokerVersion: 1 });
    await waitFor(() => rig.device.output().endsWith("> "), "the first prompt", 20000);
    await rig.command("set device.id kitchen");
    await rig.command("save");
    rig.device.reboot();
    await waitFor(() => rig.last.get("mote/kitchen/status") === "online", "the device online as kitchen", 20000);
    for (const file of fs.readdirSync(rig.flashFolder)) fs.writeFileSync(path.join(rig.flashFolder, file), "garbage that no check accepts");
    const before = rig.device.output().length;
    rig.device.reboot();
    await waitFor(() => rig.device.output().slice(before).includes("are damaged"), "the damaged-settings message", 20000);
    expect(rig.device.output().slice(before)).toContain("using the board's and the defaults");
    await waitFor(() => rig.payloads(`${BASE}/climate/temperature`).length > 0, "readings under the default device id", 20000);
  });

  it("loses no reading across a Wi-Fi drop and a broker restart, and keeps their order", async () => {
    const rig = await rigFor({
      board,
      brokerVersion: 1,
      edit: (raw) => {
        raw.sensors = raw.sensors.filter((sensor: { name: string }) => sensor.name === "soil");
        raw.sim.sensors = { soil: raw.sim.sensors.soil };
        raw.sensors[0].interval = 1;
        raw.mqtt.discovery = { enabled: false };
      },
    });
    const topic = `${BASE}/soil/moisture`;
    const started = Date.now();
    const drive = setInterval(() => rig.device.hardware.hold("soil", "millivolts", 2800 - ((Date.now() - started) / 1000) * 40), 20);
    try {
      await readings(rig, topic, 3);
      rig.fleet.air.drop();
      await sleep(4000);
      rig.fleet.air.restore();
      const afterDrop = rig.payloads(topic).length;
      await readings(rig, topic, afterDrop + 3, 30000);
      await rig.restartBroker(2000);
      const afterRestart = rig.payloads(topic).length;
      await readings(rig, topic, afterRestart + 3, 30000);
    } finally {
      clearInterval(drive);
    }
    await rig.subscriber.publishAsync(`${BASE}/cmd/interval`, "soil 86400", { qos: 1 });
    await sleep(1500);
    const status = await rig.command("status");
    expect(status).toMatch(/sensor soil: every 86400 s/);
    expect(Number(/connections: (\d+)/.exec(status)?.[1])).toBeGreaterThanOrEqual(3);
    const counters = readingCounters(status);
    expect(counters.waiting).toBe(0);
    await waitFor(() => new Set(rig.payloads(topic)).size >= counters.published, "every published reading at the subscriber", 20000);
    const values = [...new Set(rig.payloads(topic))].map(Number);
    expect(values.length).toBe(counters.published);
    const steps = values.slice(1).map((value, index) => value - values[index]);
    // The voltage falls steadily, so moisture rises about 2.5 % a second: a lost reading would leave a step of 5 % or more.
    expect(Math.min(...steps)).toBeGreaterThan(0);
    expect(Math.max(...steps)).toBeLessThanOrEqual(4);
  }, 120000);
});

describe.each(RUNTIMES)("MQTT 5 commands on $runtime", ({ board }) => {
  it("changes an interval, publishes now, reports and reboots, answering on the response topic", async () => {
    const rig = await rigFor({ board, brokerVersion: 2, edit: (raw) => (raw.mqtt.version = 5) });
    await waitFor(() => rig.last.get(`${BASE}/status`) === "online", "the device online", 20000);
    const replies: { payload: string; correlation: string }[] = [];
    rig.subscriber.on("message", (topic, payload, packet) => {
      if (topic === "e2e/replies") replies.push({ payload: payload.toString("utf8"), correlation: packet.properties?.correlationData?.toString("utf8") ?? "" });
    });
    await rig.subscriber.subscribeAsync("e2e/replies", { qos: 1 });
    const ask = async (name: string, payload: string, correlation: string): Promise<string> => {
      await rig.subscriber.publishAsync(`${BASE}/cmd/${name}`, payload, { qos: 1, properties: { responseTopic: "e2e/replies", correlationData: Buffer.from(correlation) } });
      await waitFor(() => replies.some((reply) => reply.correlation === correlation), `the answer to ${name} ${payload}`, 20000);
      return replies.find((reply) => reply.correlation === correlation)?.payload as string;
    };
    expect(await ask("interval", "climate 7", "c1")).toBe("ok interval climate 7");
    expect(await rig.command("status")).toMatch(/sensor climate: every 7 s/);
    expect(await ask("interval", "climate 0", "c2")).toMatch(/^error/);
    expect(await ask("interval", "nothing 5", "c3")).toMatch(/^error/);
    const probes = rig.payloads(`${BASE}/probe/temperature`).length;
    expect(await ask("publish-now", "probe", "c4")).toBe("ok publish-now probe");
    await readings(rig, `${BASE}/probe/temperature`, probes + 1);
    expect(await ask("status", "", "c5")).toMatch(/^ok status sensors 4 published \d+/);
    expect(await ask("reboot", "", "c6")).toBe("ok reboot");
    await waitFor(() => rig.device.reboots === 1, "the reboot", 20000);
    await waitFor(() => rig.seen.filter((message) => message.topic === `${BASE}/status` && message.payload === "online").length >= 2, "online again after the reboot", 20000);
  });
});
