/**
 * The NodeMCU bundle's entry: `require("mote")` on the device gives the portable core and the
 * NodeMCU Platform as `platform`.
 */
export * from "../../src/index";
export { nodemcuPlatform as platform } from "./platform";
