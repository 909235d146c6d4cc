/**
 * The NodeMCU bundle's entry: `require("mote")` on the device gives the portable core, the
 * NodeMCU Platform as `platform`, and `newSocket()` for TCP/TLS Sockets over NodeMCU's `net` and
 * `tls` modules (call its methods with `:`, e.g. `sock:open(host, port, false, events)`).
 */
export * from "../../src/index";
export { nodemcuPlatform as platform } from "./platform";
export { newNodemcuSocket as newSocket } from "./socket";
