import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { mote: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/runtimes/global-setup.ts"],
    // fengari runs Lua about 100 times slower than lua5.3
    testTimeout: 30000,
    // hooks that build bundles (type check + bundler) take seconds, more on a loaded 2-core machine
    hookTimeout: 60000,
  },
});
