import { buildDeviceArtefacts, deviceArtefactsAreFresh, newestSourceMs } from "../../tools/build/artefacts";
import { buildStaleFirmware } from "../../tools/build/firmware";
import { buildTestBundles } from "./test-bundles";

/**
 * vitest's global setup: builds dist/ first when an artefact or a board's firmware is missing or
 * older than its sources, so `npx vitest run` alone tests what the sources say (`npm test` builds
 * before vitest, and then this does nothing), and then the test modules that run beside the
 * artefacts.
 */
export default async function setup(): Promise<void> {
  if (!deviceArtefactsAreFresh()) await buildDeviceArtefacts();
  await buildStaleFirmware(newestSourceMs());
  await buildTestBundles();
}
