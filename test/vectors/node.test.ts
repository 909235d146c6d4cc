import { nodePlatform } from "../../hal/sim/node-platform";
import { encodeVector, decodeVector, VectorFields } from "./adapter";
import { describeVectors } from "./suite";

describeVectors("Node (TypeScript source)", () => ({
  encode: (version, fields, capacity) => encodeVector(nodePlatform, version, fields as VectorFields, capacity),
  decode: (version, hex, chunkSize, maximumPacketSize) => decodeVector(nodePlatform, version, hex, chunkSize, maximumPacketSize),
}));
