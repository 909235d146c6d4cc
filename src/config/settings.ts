import { TextRule, textSetting, secretSetting, integerSetting, booleanSetting, enumSetting } from "./setting";
import type { Setting } from "./setting";

/**
 * The firmware's settings, as a table: what the serial console can `get` and `set`, what a board
 * file may preset, and what is saved to flash. Sensors' intervals are not listed one by one: the
 * firmware adds a `sensor.<name>.interval` row per sensor of its board with `sensorIntervalSetting`
 * when it makes its store, so the schema stays fixed for the life of the device.
 */

/** The MQTT protocol versions `mqtt.version` accepts, in the order of their protocol levels 3, 4, 5. */
export const MQTT_VERSION_CHOICES = ["3.1", "3.1.1", "5"];

/** Seconds between two readings of a sensor: the bounds every interval setting shares. */
export const SHORTEST_INTERVAL_SECONDS = 1;
export const LONGEST_INTERVAL_SECONDS = 86400;

/** Makes the list of the firmware's own settings. Allocates the list (creation time). */
export function moteSettings(): Setting[] {
  return [
    textSetting("wifi.ssid", 32, TextRule.Any, "", "Wi-Fi network to join"),
    secretSetting("wifi.password", 64, "Wi-Fi password (WPA2: 8 to 63 characters; empty for an open network)"),
    textSetting("mqtt.host", 64, TextRule.Any, "", "MQTT broker's host name or IP address"),
    integerSetting("mqtt.port", 1, 65535, 1883, "MQTT broker's TCP port (1883 plain, 8883 TLS)"),
    enumSetting("mqtt.version", MQTT_VERSION_CHOICES, 1, "MQTT protocol version"),
    textSetting("mqtt.username", 64, TextRule.Any, "", "user name for the broker (empty: none)"),
    secretSetting("mqtt.password", 64, "password for the broker (empty: none)"),
    booleanSetting("mqtt.tls", false, "connect to the broker over TLS"),
    integerSetting("mqtt.keepalive", 0, 65535, 60, "seconds between packets before a ping (0: off)"),
    textSetting("device.id", 32, TextRule.TopicLevel, "", "this device's name in topics (empty: from the chip id)"),
    textSetting("topic.prefix", 64, TextRule.TopicPath, "mote", "first topic levels of every reading"),
    booleanSetting("discovery.enabled", true, "announce sensors to Home Assistant (MQTT discovery)"),
    textSetting("discovery.prefix", 64, TextRule.TopicPath, "homeassistant", "Home Assistant's discovery topic prefix"),
    integerSetting("sensor.interval", SHORTEST_INTERVAL_SECONDS, LONGEST_INTERVAL_SECONDS, 60, "seconds between readings, for sensors without their own interval"),
  ];
}

/**
 * The row for one sensor's own interval, `sensor.<sensorName>.interval`, in seconds. Allocates
 * the row and its name (creation time).
 */
export function sensorIntervalSetting(sensorName: string, defaultSeconds: number): Setting {
  const name = "sensor." + sensorName + ".interval";
  return integerSetting(name, SHORTEST_INTERVAL_SECONDS, LONGEST_INTERVAL_SECONDS, defaultSeconds, "seconds between readings of " + sensorName);
}
