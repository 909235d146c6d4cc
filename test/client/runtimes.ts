/**
 * The runtimes every client suite runs on, for `describe.each(CLIENT_RUNTIMES)`: the TypeScript
 * source on Node, the Espruino bundle, the Lua bundle on fengari.
 */
import type { ClientRuntime } from "./driver";
import { nodeRuntime } from "./node-driver";
import { espruinoRuntime } from "./espruino-driver";
import { luaRuntime } from "./lua-driver";

/** Node, Espruino, Lua: the order the suites run them in. */
export const CLIENT_RUNTIMES: ClientRuntime[] = [nodeRuntime, espruinoRuntime, luaRuntime];
