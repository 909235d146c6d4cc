/**
 * The Espruino client bundles' entry: `require("mote-client")` gives the core client API alone
 * (no codec API), the Espruino Platform as `platform`, and `newSocket()` for TCP/TLS Sockets over
 * Espruino's `net` and `tls` libraries. Built whole (dist/espruino/mote-client.js) and for MQTT
 * 3.1/3.1.1 only (dist/espruino/mote-client-311.js); see tools/build/artefacts.ts.
 */
export {
  newClient,
  clientConnect,
  clientPoll,
  clientDisconnect,
  clientPing,
  clientSetWill,
  clientAuthenticate,
  clientReasonString,
} from "../../src/mqtt/client";
export { clientPublish } from "../../src/mqtt/client-publish";
export { clientSubscribe, clientUnsubscribe, clientForgetSubscriptions } from "../../src/mqtt/client-subscriptions";
export { clientRespond } from "../../src/mqtt/client-respond";
export { messageTopicIs, messageTopicMatches, copyMessagePayload, messageTopic, messagePayload } from "../../src/mqtt/message";
export { defaultClientOptions } from "../../src/mqtt/client-state";
export { espruinoPlatform as platform } from "./platform";
export { newEspruinoSocket as newSocket } from "./socket";
export type { EspruinoTlsOptions } from "./socket";
