/**
 * The benchmark's client rows: end-to-end throughput and client CPU per message (ours against
 * MQTT.js, QoS 0/1/2), the broker's ceiling, and bytes allocated per message through a real
 * socket, by Node's `net` and the socket HAL alone, and by the core alone.
 */
import type { Row } from "./table";
import type { EndToEndThroughput } from "./e2e-throughput";
import type { CoreAllocation } from "./core-allocation";

/** The ratio to MQTT.js the project aims for, per QoS (none set for QoS 2). */
export const THROUGHPUT_GOALS: (number | undefined)[] = [1.5, 1.5, undefined];

/** Bytes per message in the real-socket loop, for the three kinds of tools/bench/e2e-allocation.ts. */
export interface SocketAllocation {
  ours: number;
  control: number;
  mqttjs: number;
}

/** Every client figure measured by one run. */
export interface ClientFigures {
  throughput: EndToEndThroughput;
  socketAllocation: SocketAllocation;
  coreAllocation: CoreAllocation[];
}

/** The client rows for `figures`, in the order the table prints them. */
export function clientRows(figures: ClientFigures): Row[] {
  const rows: Row[] = [];
  const { throughput } = figures;
  for (let qos = 0; qos < 3; qos++) {
    const row: Row = {
      name: `end-to-end QoS ${qos} msgs/s, loopback through aedes 1.2`,
      ours: throughput.ours[qos].messagesPerSecond,
      reference: throughput.mqttjs[qos].messagesPerSecond,
      referenceName: "MQTT.js",
      unit: "msgs/s",
    };
    const goal = THROUGHPUT_GOALS[qos];
    if (goal !== undefined) row.goal = goal;
    rows.push(row);
  }
  rows.push({ name: "end-to-end QoS 0 msgs/s, socket HAL alone with no client (the broker's ceiling)", ours: throughput.raw.messagesPerSecond, unit: "msgs/s" });
  for (let qos = 0; qos < 3; qos++) {
    rows.push({
      name: `client CPU per message, QoS ${qos} (publisher + subscriber)`,
      ours: throughput.ours[qos].cpuMicrosecondsPerMessage,
      reference: throughput.mqttjs[qos].cpuMicrosecondsPerMessage,
      referenceName: "MQTT.js",
      unit: "µs/msg",
    });
  }
  const allocation = figures.socketAllocation;
  rows.push({ name: "client steady-state bytes/msg (real socket), QoS 0: core + socket HAL + Node's net", ours: allocation.ours, reference: allocation.mqttjs, referenceName: "MQTT.js", unit: "B/msg" });
  rows.push({ name: "  Node's net + socket HAL alone (control: same traffic, no client)", ours: allocation.control, unit: "B/msg" });
  for (const core of figures.coreAllocation) {
    rows.push({ name: `  core client alone, QoS ${core.qos} publish+receive+acks (in-memory sockets)`, ours: core.bytesPerMessage, unit: "B/msg" });
  }
  return rows;
}
