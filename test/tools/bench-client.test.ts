/**
 * The benchmark's client measurements, held to exact results (never to timings): every message
 * pair delivers each batch whole, once and in order, for every QoS and every client; the core
 * client alone allocates nothing per message; and the table prints the client rows as built.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAedes, type RunningAedes } from "../brokers/aedes";
import { openPair, type PairKind } from "../../tools/bench/throughput-pairs";
import { MQTTJS_WINDOW } from "../../tools/bench/e2e-throughput";
import { measureCoreAllocation } from "../../tools/bench/core-allocation";
import { clientRows, type ClientFigures } from "../../tools/bench/e2e-rows";
import { printRows } from "../../tools/bench/table";

const MESSAGES = 3000;

describe("benchmark: end-to-end message pairs through aedes", () => {
  let broker: RunningAedes;
  beforeAll(async () => {
    broker = await startAedes({ version: 1 });
  });
  afterAll(async () => {
    await broker.close();
  });

  const cases: [PairKind, 0 | 1 | 2][] = [
    ["ours", 0],
    ["ours", 1],
    ["ours", 2],
    ["mqttjs", 0],
    ["mqttjs", 1],
    ["mqttjs", 2],
    ["raw", 0],
  ];
  it.each(cases)("%s at QoS %i delivers every message of each batch once and in order, streamed and in bursts", async (kind, qos) => {
    const pair = await openPair(kind, broker.port, qos, MQTTJS_WINDOW);
    try {
      // Back to back: a message repeated or left over from one batch would break the next one's order.
      for (const burst of [MESSAGES, MESSAGES, 7]) {
        const result = await pair.runBatch(MESSAGES, burst);
        expect(result.received).toBe(MESSAGES);
        expect(result.inOrder).toBe(true);
      }
    } finally {
      await pair.close();
    }
  });
});

describe("benchmark: the core client alone on the in-memory wire", () => {
  it("delivers every message in order and allocates 0 bytes per message for QoS 0, 1 and 2", async () => {
    const figures = await measureCoreAllocation();
    expect(figures.map((figure) => figure.qos)).toEqual([0, 1, 2]);
    for (const figure of figures) {
      expect(figure.received).toBe(20000);
      expect(figure.inOrder).toBe(true);
      expect(figure.bytesPerMessage).toBe(0);
    }
  });
});

describe("benchmark: the client rows", () => {
  const figures: ClientFigures = {
    throughput: {
      ours: [
        { messagesPerSecond: 150000, cpuMicrosecondsPerMessage: 3 },
        { messagesPerSecond: 90000, cpuMicrosecondsPerMessage: 6 },
        { messagesPerSecond: 30000, cpuMicrosecondsPerMessage: 12 },
      ],
      mqttjs: [
        { messagesPerSecond: 100000, cpuMicrosecondsPerMessage: 5 },
        { messagesPerSecond: 45000, cpuMicrosecondsPerMessage: 15 },
        { messagesPerSecond: 20000, cpuMicrosecondsPerMessage: 30 },
      ],
      raw: { messagesPerSecond: 160000, cpuMicrosecondsPerMessage: 2.5 },
    },
    socketAllocation: { ours: 150, control: 160, mqttjs: 6500 },
    coreAllocation: [
      { qos: 0, bytesPerMessage: 0, received: 1, inOrder: true },
      { qos: 1, bytesPerMessage: 0, received: 1, inOrder: true },
      { qos: 2, bytesPerMessage: 0, received: 1, inOrder: true },
    ],
  };

  function printed(asJson: boolean): string {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      printRows(clientRows(figures), asJson);
      return log.mock.calls.map((call) => String(call[0])).join("\n");
    } finally {
      log.mockRestore();
    }
  }

  it("prints throughput against MQTT.js with the ratio and the goal, then CPU and allocation", () => {
    const lines = printed(false)
      .split("\n")
      .map((line) => line.replace(/ +/g, " "));
    expect(lines.slice(2)).toEqual([
      "end-to-end QoS 0 msgs/s, loopback through aedes 1.2 150,000 msgs/s 100,000 msgs/s (MQTT.js) 1.50x 1.50x",
      "end-to-end QoS 1 msgs/s, loopback through aedes 1.2 90,000 msgs/s 45,000 msgs/s (MQTT.js) 2.00x 1.50x",
      "end-to-end QoS 2 msgs/s, loopback through aedes 1.2 30,000 msgs/s 20,000 msgs/s (MQTT.js) 1.50x",
      "end-to-end QoS 0 msgs/s, socket HAL alone with no client (the broker's ceiling) 160,000 msgs/s",
      "client CPU per message, QoS 0 (publisher + subscriber) 3 µs/msg 5 µs/msg (MQTT.js) 0.60x",
      "client CPU per message, QoS 1 (publisher + subscriber) 6 µs/msg 15 µs/msg (MQTT.js) 0.40x",
      "client CPU per message, QoS 2 (publisher + subscriber) 12 µs/msg 30 µs/msg (MQTT.js) 0.40x",
      "client steady-state bytes/msg (real socket), QoS 0: core + socket HAL + Node's net 150 B/msg 6,500 B/msg (MQTT.js) 0.02x",
      " Node's net + socket HAL alone (control: same traffic, no client) 160 B/msg",
      " core client alone, QoS 0 publish+receive+acks (in-memory sockets) 0 B/msg",
      " core client alone, QoS 1 publish+receive+acks (in-memory sockets) 0 B/msg",
      " core client alone, QoS 2 publish+receive+acks (in-memory sockets) 0 B/msg",
    ]);
  });

  it("gives tools the goal as a number, and null where none is set", () => {
    const rows = JSON.parse(printed(true)) as { name: string; ratio: number | null; goal: number | null }[];
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 4).map((row) => [row.ratio, row.goal])).toEqual([
      [1.5, 1.5],
      [2, 1.5],
      [1.5, null],
      [null, null],
    ]);
  });
});
