/**
 * Size budgets for the Espruino bundles and the boards' firmware, in bytes as built (minified
 * JavaScript; Lua as typescript-to-lua writes it): each ceiling sits just above what the file
 * measures today, so growth is a decision, not an accident. When a change
 * makes a bundle smaller, lower its ceiling to match; when one must grow, raise it here with the
 * reason in the commit. `npm run build -- --sources` shows where the bytes are.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { firmwareFile } from "../../tools/build/firmware";

const BUDGETS = [
  { file: ARTEFACTS.espruinoClient311, ceiling: 26900 },
  { file: ARTEFACTS.espruinoClient, ceiling: 34500 },
  { file: ARTEFACTS.espruino, ceiling: 53000 },
  { file: firmwareFile({ id: "esp32-devkitc-espruino", runtime: "espruino" }), ceiling: 78500 },
  { file: firmwareFile({ id: "sim-espruino", runtime: "espruino" }), ceiling: 78500 },
  { file: firmwareFile({ id: "esp32-devkitc-nodemcu", runtime: "nodemcu" }), ceiling: 355000 },
];

describe("bundle and firmware sizes", () => {
  for (const budget of BUDGETS) {
    it(`${path.basename(budget.file)} stays under ${budget.ceiling.toLocaleString("en-US")} bytes`, () => {
      expect(fs.statSync(budget.file).size).toBeLessThan(budget.ceiling);
    });
  }
});
