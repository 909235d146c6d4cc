/**
 * The benchmark's broker: aedes 1.2 (MQTT 3.1.1) on 127.0.0.1, in a child process of its own.
 *
 * Why its own process: a broker relaying tens of thousands of messages a second uses as much CPU
 * as the clients do. In the clients' process it would share their one event loop, so a client
 * that gets its work done in fewer event-loop turns would also be handing the broker more or
 * less time, and the figure would mix the two. In its own process the broker runs on the other
 * core (the project's machines have two), the same for both clients; the measuring children
 * never run at the same time, and the one broker serves every end-to-end measurement of a run.
 */
import { startBundledChild } from "./child";

/** The running broker. */
export interface BenchBroker {
  port: number;
  /** The broker's process id (to read its CPU time). */
  pid: number;
  /** Stops the broker process. */
  stop(): Promise<void>;
}

/**
 * The broker child: starts aedes 1.2 and prints its port. It ends on SIGTERM, and when its stdin
 * (a pipe from the benchmark) closes, so a benchmark that dies leaves no broker behind; it does not
 * wait for aedes to close its clients (a client that never answers would keep it alive).
 */
const BROKER_SOURCE = `
import { startAedes } from "./test/brokers/aedes";
process.on("SIGTERM", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
startAedes({ version: 1 }).then((broker) => {
  process.stdout.write(broker.port + "\\n");
});
`;

/** Starts aedes 1.2 in a child process; resolves with its port once it listens. */
export async function startBenchBroker(): Promise<BenchBroker> {
  const child = await startBundledChild(BROKER_SOURCE, {});
  return { port: Number(child.firstLine), pid: child.pid, stop: child.stop };
}
