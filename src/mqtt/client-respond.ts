/**
 * MQTT 5 request/response for the client: answering a request message the way its sender asked,
 * on its Response Topic with its Correlation Data.
 */
import type { Bytes } from "../bytes/bytes";
import { Status } from "./status";
import { MQTT5_ENABLED } from "./features";
import { PropertyId } from "./property-table";
import { hasProperty } from "./properties";
import type { PacketView } from "./codec-decode";
import { readTwoByteInteger } from "./wire";
import type { Client } from "./client-state";
import { clientPublish } from "./client-publish";

/**
 * Publishes `payload` (text, or `payloadLength` bytes of a store at `payloadOffset`) with `qos`
 * as the answer to `request`, a message just handed to `onMessage`: to its Response Topic,
 * carrying its Correlation Data when it has some. Returns BadParameter when the request has no
 * Response Topic, UnsupportedVersion in a build without MQTT 5, else what `clientPublish` returns. Allocates the response topic's string
 * (clientPublish takes topics as strings); copies the correlation data into the queue.
 */
export function clientRespond(client: Client, request: PacketView, payload: string | Bytes, payloadOffset: number, payloadLength: number, qos: number): Status {
  const properties = request.properties;
  if (!MQTT5_ENABLED) {
    return Status.UnsupportedVersion;
  }
  if (!hasProperty(properties, PropertyId.ResponseTopic)) {
    return Status.BadParameter;
  }
  const topicAt = properties.valueOffsets[PropertyId.ResponseTopic];
  const topic = client.platform.readText(properties.store, topicAt + 2, readTwoByteInteger(properties.store, topicAt));
  const response = client.responseProperties;
  response.correlationData = undefined;
  if (hasProperty(properties, PropertyId.CorrelationData)) {
    const dataAt = properties.valueOffsets[PropertyId.CorrelationData];
    const correlation = client.responseCorrelation;
    correlation.bytes = properties.store;
    correlation.offset = dataAt + 2;
    correlation.length = readTwoByteInteger(properties.store, dataAt);
    response.correlationData = correlation;
  }
  return clientPublish(client, topic, payload, payloadOffset, payloadLength, qos, false, response);
}
