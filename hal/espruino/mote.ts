/**
 * The Espruino bundle's entry: `require("mote")` on the device gives the portable core and the
 * Espruino Platform as `platform`.
 */
export * from "../../src/index";
export { espruinoPlatform as platform } from "./platform";
