/**
 * Property-name shortening in the Espruino builds (tools/build/mangle.ts): the lists it computes
 * from the TypeScript declarations shorten the client's internal records and never a name that
 * crosses the bundle's boundary or belongs to the runtime.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEspruinoBundle } from "../../tools/build/espruino";
import type { EspruinoArtefact } from "../../tools/build/espruino";
import { CLIENT_FEATURES } from "../../tools/build/features";
import { CLIENT_BUNDLE_MANGLING, FULL_BUNDLE_MANGLING } from "../../tools/build/mangle";
import { BuildError } from "../../tools/build/project";

let folder: string;
let client: EspruinoArtefact;
let full: EspruinoArtefact;
beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "mote-mangle-"));
  client = await buildEspruinoBundle("hal/espruino/mote-client.ts", path.join(folder, "client.js"), {
    featuresOff: CLIENT_FEATURES,
    mangling: CLIENT_BUNDLE_MANGLING,
  });
  full = await buildEspruinoBundle("hal/espruino/mote.ts", path.join(folder, "full.js"), { mangling: FULL_BUNDLE_MANGLING });
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Names an application or the runtime sees, which no build may shorten. */
const BOUNDARY_NAMES = [
  // ClientOptions and WillInfo, which the application fills
  "host", "port", "clientId", "keepAliveSeconds", "will", "maximumPacketSize", "queueCapacity", "reconnect", "topic", "payload",
  // ClientEvents, which the application implements
  "onConnect", "onClose", "onMessage", "onPublished", "onSubscribed", "onUnsubscribed", "onPingResponse", "onAuth",
  // what the application reads on the views it is given
  "store", "topicOffset", "topicLength", "payloadOffset", "payloadLength", "qos", "retain", "dup", "properties", "valueOffsets",
  // Properties, read by name
  "contentType", "userProperty", "sessionExpiryInterval",
  // Platform, Socket and SocketEvents
  "newBytes", "textByteLength", "writeText", "readText", "nowMs", "open", "write", "close", "onData", "onWritable",
  // Espruino's net sockets and the language's own members
  "connect", "end", "on", "length", "push", "subarray", "charCodeAt", "toString",
  // documented on the client
  "lastPacketId",
];

describe("property-name shortening", () => {
  it("shortens the client's and the codec's internal fields in a client bundle", () => {
    for (const name of ["inflightPacketIds", "remainingLength", "packetSize", "reconnectAtMs", "encoder", "filled", "status", "propertySelection", "willTopicOffset"]) {
      expect(client.mangled, name).toContain(name);
    }
    const source = fs.readFileSync(client.outFile, "utf8");
    expect(source).not.toMatch(/\.inflightPacketIds\b|\.remainingLength\b|\.propertySelection\b/);
    expect(source).toMatch(/\.onMessage\b/);
  });

  it("never shortens a name that crosses the boundary, in any bundle", () => {
    for (const name of BOUNDARY_NAMES) {
      expect(client.mangled, name).not.toContain(name);
      expect(full.mangled, name).not.toContain(name);
    }
  });

  it("keeps the codec's records whole in the full bundle, whose API they are", () => {
    for (const name of ["remainingLength", "packetSize", "filled", "status", "decoder", "view", "propertySelection", "willTopicOffset"]) {
      expect(full.mangled, name).not.toContain(name);
    }
    expect(full.mangled).toContain("inflightPacketIds");
  });

  it("refuses a plan naming a record the program does not declare", async () => {
    const plan = { internalRecords: ["NoSuchRecord"], publicFields: [] };
    await expect(buildEspruinoBundle("hal/espruino/mote-client.ts", path.join(folder, "bad.js"), { mangling: plan })).rejects.toThrow(BuildError);
    expect(fs.existsSync(path.join(folder, "bad.js"))).toBe(false);
  });
});
