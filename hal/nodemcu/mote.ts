/**
 * The NodeMCU bundle's entry: `require("mote")` on the device gives the portable core, the
 * NodeMCU Platform as `platform`, `newSocket()` for TCP/TLS Sockets over NodeMCU's `net` and
 * `tls` modules (call its methods with `:`, e.g. `sock:open(host, port, false, events)`), and
 * `Client(...)`, a drop-in for NodeMCU's `mqtt.Client` with its `CONN_FAIL_*`/`CONNACK_*`
 * reason codes (`mqtt = require("mote")` and NodeMCU code runs unchanged).
 */
export * from "../../src/index";
export { nodemcuPlatform as platform } from "./platform";
export { newNodemcuSocket as newSocket } from "./socket";
export { newNodemcuMqttClient as Client } from "./mqtt-client";
export {
  CONN_FAIL_SERVER_NOT_FOUND,
  CONN_FAIL_NOT_A_CONNACK_MSG,
  CONN_FAIL_DNS,
  CONN_FAIL_TIMEOUT_RECEIVING,
  CONN_FAIL_TIMEOUT_SENDING,
  CONNACK_ACCEPTED,
  CONNACK_REFUSED_PROTOCOL_VER,
  CONNACK_REFUSED_ID_REJECTED,
  CONNACK_REFUSED_SERVER_UNAVAILABLE,
  CONNACK_REFUSED_BAD_USER_OR_PASS,
  CONNACK_REFUSED_NOT_AUTHORIZED,
} from "./mqtt-reasons";
