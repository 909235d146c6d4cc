/**
 * The one door to the portable core: everything a runtime bundle or an application imports.
 */
export type { Bytes } from "./bytes/bytes";
export { Status, statusName, statusReasonCode } from "./mqtt/status";
export { validateUtf8 } from "./bytes/utf8";
