/**
 * How many bytes the telemetry layer's discovery store needs for a device, worked out from the
 * texts that go into it, so a device holds little more than its messages take. (The topics'
 * store is sized exactly by telemetryTopicsSize.)
 */
import type { Platform } from "../hal/api";
import type { SensorSpec } from "../src/telemetry/sensor-spec";

/** A discovery config's fixed text (keys, quotes, "measurement", "online", "offline", the unit and class). */
const DISCOVERY_FIXED_BYTES = 360;
/** A discovery topic's fixed text: "/sensor/", "_", "_" and "/config". */
const DISCOVERY_TOPIC_FIXED_BYTES = 24;
/** The most bytes JSON escaping makes of one byte of free text (a control byte becomes \u00XX). */
const ESCAPED_BYTES = 6;

/** The bytes of each quantity's reading topic, `<prefix>/<device-id>/<sensor>/<quantity>`. */
function readingTopicBytes(platform: Platform, base: number, spec: SensorSpec, q: number): number {
  return base + 1 + platform.textByteLength(spec.name) + 1 + platform.textByteLength(spec.quantities[q].name);
}

/**
 * Bytes for the Home Assistant discovery messages of `sensors` (buildDiscoveryMessages's
 * capacity): per quantity its config topic and a payload holding its name, ids, reading topic,
 * status topic and the device's name and model. Allocates nothing.
 */
export function discoveryStoreSize(platform: Platform, prefix: string, deviceId: string, discoveryPrefix: string, model: string, sensors: SensorSpec[]): number {
  const base = platform.textByteLength(prefix) + 1 + platform.textByteLength(deviceId);
  const idBytes = platform.textByteLength(deviceId);
  const perMessage = DISCOVERY_FIXED_BYTES + DISCOVERY_TOPIC_FIXED_BYTES + platform.textByteLength(discoveryPrefix) + 2 * base + 8 + 3 * idBytes + ESCAPED_BYTES * platform.textByteLength(model);
  let size = 0;
  for (let s = 0; s < sensors.length; s++) {
    for (let q = 0; q < sensors[s].quantities.length; q++) {
      const unit = sensors[s].quantities[q].unit;
      const names = 2 * (platform.textByteLength(sensors[s].name) + platform.textByteLength(sensors[s].quantities[q].name));
      size = size + perMessage + names + 2 * readingTopicBytes(platform, base, sensors[s], q) + (unit !== undefined ? ESCAPED_BYTES * platform.textByteLength(unit) : 0);
    }
  }
  return size;
}
