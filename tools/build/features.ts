import * as fs from "node:fs";
import * as path from "node:path";
import type { Plugin } from "esbuild";
import { BuildError, PROJECT_ROOT } from "./project";

/** The module holding the build-time switches (every one `true` in the source). */
export const FEATURES_MODULE = path.join(PROJECT_ROOT, "src/mqtt/features.ts");

/** The switches of src/mqtt/features.ts a build turns off, by their exported names. */
export type FeatureSwitches = string[];

/** No switch off: the whole codec and client. */
export const ALL_FEATURES: FeatureSwitches = [];

/** A client: no decoding of CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ. */
export const CLIENT_FEATURES: FeatureSwitches = ["DECODES_SERVER_BOUND_PACKETS"];

/** A client for MQTT 3.1 and 3.1.1 only. */
export const CLIENT_311_FEATURES: FeatureSwitches = ["DECODES_SERVER_BOUND_PACKETS", "MQTT5_ENABLED"];

/**
 * An esbuild plugin that loads src/mqtt/features.ts with each switch in `off` set to `false`.
 * Throws a BuildError at once when a switch is not in that file as `export const NAME = true;`
 * (a renamed switch must not leave a build silently whole).
 */
export function featuresPlugin(off: FeatureSwitches): Plugin {
  let contents = fs.readFileSync(FEATURES_MODULE, "utf8");
  for (const name of off) {
    const declaration = `export const ${name} = true;`;
    if (!contents.includes(declaration)) {
      throw new BuildError(`${path.relative(PROJECT_ROOT, FEATURES_MODULE)}: no \`${declaration}\` to turn off`);
    }
    contents = contents.replace(declaration, `export const ${name} = false;`);
  }
  return {
    name: "mote-features",
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]mqtt[\\/]features\.ts$/ }, (args) =>
        path.resolve(args.path) === FEATURES_MODULE ? { contents, loader: "ts" } : undefined,
      );
    },
  };
}
