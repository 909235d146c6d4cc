/**
 * The Espruino bundle's entry: `require("mote")` on the device gives the portable core, the
 * Espruino Platform as `platform`, `newSocket()` for TCP/TLS Sockets over Espruino's `net` and
 * `tls` libraries, and `create(server, options)` / `connect(options)`, a drop-in for Espruino's
 * MQTT module (mqtt.ts).
 */
export * from "../../src/index";
export { espruinoPlatform as platform } from "./platform";
export { newEspruinoSocket as newSocket } from "./socket";
export type { EspruinoTlsOptions } from "./socket";
export { createMqtt as create, connectMqtt as connect } from "./mqtt";
export type { EspruinoMqtt, ReceivedMessage, EspruinoPublishOptions, EspruinoSubscribeOptions, EspruinoUnsubscribeOptions } from "./mqtt";
export type { EspruinoMqttOptions, EspruinoMqttWill } from "./mqtt-options";
export type { ReceivedProperties } from "./mqtt-properties";
