/**
 * End-to-end throughput on loopback: messages per second from one publisher through the
 * benchmark's broker (tools/bench/broker.ts: aedes 1.2 in a process of its own) to one
 * subscriber, ours against MQTT.js, for QoS 0, 1 and 2; and the same traffic from the socket HAL
 * with no client at all, which shows what the broker itself allows.
 *
 * Method. Each measurement is a child process (tools/bench/child.ts) holding one pair of clients
 * of one kind (tools/bench/throughput-pairs.ts): both clients in that process, the broker in
 * another, no other measurement running. The pair sends a warm-up batch, then timed batches of
 * `count` messages as fast as the client's flow control lets it; a batch's time runs from its
 * first publish to the last message the subscriber receives, and its rate is count / seconds.
 * Children of the two kinds take turns (ours, MQTT.js, ours, ...) so a change in the machine's
 * load falls on both; a figure is the median of all its batches. Every batch must deliver every
 * message once and in order, or the child fails. Each child also reports the CPU time its process
 * used per message (both clients), a figure the broker's speed does not cap.
 *
 * Sizes. Our client runs with its defaults (a 4 KiB queue of 32 messages, 16 QoS 1/2 messages in
 * flight), except that the subscriber may hold 1024 inbound QoS 2 messages awaiting PUBREL:
 * MQTT 3.1.1 has no Receive Maximum, and aedes sends a subscriber QoS 2 messages without a limit
 * (about 50 await PUBREL at once here), more than the default table of 16, which makes the client
 * close the link with TableFull. MQTT.js keeps at most as many publishes unfinished (callback not
 * yet called) as our client keeps in flight.
 */
import { runBundledChild } from "./child";
import { median } from "./rounds";
import { DEFAULT_MAXIMUM_INFLIGHT } from "../../src/mqtt/defaults";
import type { PairKind } from "./throughput-pairs";

/** MQTT.js's window of unfinished publishes: as many as our client keeps in flight. */
export const MQTTJS_WINDOW = DEFAULT_MAXIMUM_INFLIGHT;

/** Messages per batch: QoS 0, 1, 2. */
export const THROUGHPUT_MESSAGES = [20000, 10000, 10000];

/** Children per kind and QoS (taking turns with the other kind), and timed batches per child. */
export const THROUGHPUT_TURNS = 2;
export const THROUGHPUT_BATCHES = 4;

/** One kind's figures at one QoS: medians over all its batches. */
export interface ThroughputFigure {
  messagesPerSecond: number;
  /** CPU time of the clients' process per message, user + system, in microseconds. */
  cpuMicrosecondsPerMessage: number;
}

/** Every end-to-end throughput figure, indexed by QoS. */
export interface EndToEndThroughput {
  ours: ThroughputFigure[];
  mqttjs: ThroughputFigure[];
  /** The socket HAL alone with no client (QoS 0): the broker's ceiling. */
  raw: ThroughputFigure;
}

/** What one child printed: each timed batch's rate and CPU per message. */
interface ChildBatches {
  rates: number[];
  cpu: number[];
}

/** The child: one pair, a warm-up batch, then the timed ones; prints rates and CPU as JSON. */
const CHILD_SOURCE = `
import { openPair } from "./tools/bench/throughput-pairs";
const kind = process.env.MOTE_KIND;
const port = Number(process.env.MOTE_PORT);
const qos = Number(process.env.MOTE_QOS);
const count = Number(process.env.MOTE_COUNT);
const batches = Number(process.env.MOTE_BATCHES);
const window = Number(process.env.MOTE_WINDOW);
async function batch(pair) {
  const result = await pair.runBatch(count);
  if (result.received !== count || !result.inOrder) {
    throw new Error(kind + " QoS " + qos + ": " + result.received + " of " + count + " messages, in order: " + result.inOrder);
  }
  return result;
}
async function main() {
  const pair = await openPair(kind, port, qos, window);
  await batch(pair);
  const rates = [];
  const cpu = [];
  for (let index = 0; index < batches; index++) {
    const result = await batch(pair);
    rates.push(count / (result.milliseconds / 1000));
    cpu.push(result.cpuMicroseconds / count);
  }
  await pair.close();
  process.stdout.write(JSON.stringify({ rates, cpu }));
}
main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

/** Runs one child: `batches` timed batches of `count` messages of a `kind` pair at `qos`. */
async function runThroughputChild(kind: PairKind, port: number, qos: number, count: number, batches: number): Promise<ChildBatches> {
  const printed = await runBundledChild(
    CHILD_SOURCE,
    { MOTE_KIND: kind, MOTE_PORT: String(port), MOTE_QOS: String(qos), MOTE_COUNT: String(count), MOTE_BATCHES: String(batches), MOTE_WINDOW: String(MQTTJS_WINDOW) },
    [],
  );
  return JSON.parse(printed) as ChildBatches;
}

/** The medians of every batch the children of one kind ran. */
function figureOf(children: ChildBatches[]): ThroughputFigure {
  return {
    messagesPerSecond: median(children.flatMap((child) => child.rates)),
    cpuMicrosecondsPerMessage: median(children.flatMap((child) => child.cpu)),
  };
}

/**
 * Measures every end-to-end throughput figure through the broker on 127.0.0.1:`port`: for each
 * QoS, `turns` children of each kind taking turns, `batches` timed batches each (see the module
 * comment). `messages[qos]` is the batch size. Throws if any batch loses, repeats or reorders a
 * message.
 */
export async function measureEndToEnd(
  port: number,
  messages: number[] = THROUGHPUT_MESSAGES,
  turns: number = THROUGHPUT_TURNS,
  batches: number = THROUGHPUT_BATCHES,
): Promise<EndToEndThroughput> {
  const result: EndToEndThroughput = { ours: [], mqttjs: [], raw: { messagesPerSecond: 0, cpuMicrosecondsPerMessage: 0 } };
  const raw: ChildBatches[] = [];
  for (let qos = 0; qos < 3; qos++) {
    const ours: ChildBatches[] = [];
    const mqttjs: ChildBatches[] = [];
    for (let turn = 0; turn < turns; turn++) {
      ours.push(await runThroughputChild("ours", port, qos, messages[qos], batches));
      mqttjs.push(await runThroughputChild("mqttjs", port, qos, messages[qos], batches));
      if (qos === 0) raw.push(await runThroughputChild("raw", port, qos, messages[qos], batches));
    }
    result.ours.push(figureOf(ours));
    result.mqttjs.push(figureOf(mqttjs));
  }
  result.raw = figureOf(raw);
  return result;
}
