/**
 * What `npm start` shows of the broker's side: a subscriber that turns the devices' messages into
 * readable lines. Each reading `<prefix>/<device>/<sensor>/<quantity>` becomes
 * `12:00:05  a1b2c3  climate/temperature  21.53 °C`, with the unit from the device's Home
 * Assistant discovery config; each retained status change becomes `a1b2c3  online`. With many
 * devices it prints a summary every few seconds instead (devices online, readings per second).
 */
import mqtt from "mqtt";
import type { MqttClient } from "mqtt";

/** How the view prints. */
export interface ReadingsViewOptions {
  /** The broker, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  /** The devices' topic prefix and Home Assistant's discovery prefix. */
  prefix: string;
  discoveryPrefix: string;
  /** "lines": one line per reading; "summary": one line every `summaryEverySeconds`. */
  mode: "lines" | "summary";
  summaryEverySeconds?: number;
  /** Where lines go. */
  write: (line: string) => void;
}

/** A running view. */
export interface ReadingsView {
  /** Readings seen so far, and the devices whose last status is "online". */
  readings(): number;
  online(): number;
  stop(): Promise<void>;
}

/** hh:mm:ss of now, local time. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** The levels of `topic` after `prefix/`, or undefined when it is not under the prefix. */
function levelsUnder(topic: string, prefix: string): string[] | undefined {
  return topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1).split("/") : undefined;
}

/** Starts the view (see the module comment); resolves once it is subscribed. */
export async function startReadingsView(options: ReadingsViewOptions): Promise<ReadingsView> {
  const units = new Map<string, string>();
  const online = new Set<string>();
  let readings = 0;
  let readingsAtLastSummary = 0;
  const client: MqttClient = await mqtt.connectAsync(options.url, { clientId: `mote-view-${process.pid}`, reconnectPeriod: 500, connectTimeout: 5000 });
  client.on("message", (topic, payload) => {
    const text = payload.toString("utf8");
    const discovery = levelsUnder(topic, options.discoveryPrefix);
    if (discovery !== undefined) {
      try {
        const config = JSON.parse(text) as { state_topic?: string; unit_of_measurement?: string };
        if (config.state_topic !== undefined) units.set(config.state_topic, config.unit_of_measurement ?? "");
      } catch {
        options.write(`${clock()}  a discovery config on ${topic} is not JSON: ${text.slice(0, 60)}`);
      }
      return;
    }
    const levels = levelsUnder(topic, options.prefix);
    if (levels === undefined) return;
    const [device, ...rest] = levels;
    if (rest.length === 1 && rest[0] === "status") {
      const wasOnline = online.has(device);
      if (text === "online") online.add(device);
      else online.delete(device);
      if (options.mode === "lines" && wasOnline !== online.has(device)) options.write(`${clock()}  ${device}  ${text}`);
      return;
    }
    if (rest.length !== 2 || rest[0] === "cmd") return;
    readings++;
    if (options.mode === "lines") {
      const unit = units.get(topic);
      options.write(`${clock()}  ${device}  ${rest.join("/").padEnd(24)} ${text}${unit ? ` ${unit}` : ""}`);
    }
  });
  await client.subscribeAsync([`${options.prefix}/#`, `${options.discoveryPrefix}/sensor/+/config`], { qos: 1 });
  let summary: NodeJS.Timeout | undefined;
  if (options.mode === "summary") {
    const everySeconds = options.summaryEverySeconds ?? 5;
    summary = setInterval(() => {
      const recent = readings - readingsAtLastSummary;
      readingsAtLastSummary = readings;
      options.write(`${clock()}  ${online.size} devices online, ${recent.toLocaleString("en-US")} readings in ${everySeconds} s (${Math.round(recent / everySeconds).toLocaleString("en-US")}/s), ${readings.toLocaleString("en-US")} in all`);
    }, everySeconds * 1000);
  }
  return {
    readings: () => readings,
    online: () => online.size,
    stop: async () => {
      if (summary !== undefined) clearInterval(summary);
      await client.endAsync(true);
    },
  };
}
