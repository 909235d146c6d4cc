/**
 * The Espruino bundle's entry: `require("mote")` on the device gives the portable core, the
 * Espruino Platform as `platform`, and `newSocket()` for TCP/TLS Sockets over Espruino's `net`
 * and `tls` libraries.
 */
export * from "../../src/index";
export { espruinoPlatform as platform } from "./platform";
export { newEspruinoSocket as newSocket } from "./socket";
export type { EspruinoTlsOptions } from "./socket";
