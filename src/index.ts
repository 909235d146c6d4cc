/**
 * The one door to the portable core: everything a runtime bundle or an application imports.
 */
export type { Bytes } from "./bytes/bytes";
export { validateUtf8 } from "./bytes/utf8";
export { decimalLength, writeDecimal, writeHexByte, hexDigitValue } from "./bytes/ascii";
export { Status, statusName, statusReasonCode } from "./mqtt/status";
export { PacketType, ProtocolVersion, PACKET_TYPE_NAMES } from "./mqtt/packet-type";
export { PropertyId, PropertyKind, PROPERTY_IDS, PROPERTY_KINDS, PROPERTY_NAMES } from "./mqtt/property-table";
export { isValidReasonCode, reasonCodeName } from "./mqtt/reason-codes";
export {
  readTwoByteInteger,
  readFourByteInteger,
  writeTwoByteInteger,
  writeFourByteInteger,
  readVariableInteger,
  writeVariableInteger,
  variableIntegerSize,
  copyBytes,
} from "./mqtt/wire";
export type { VariableIntegerReading } from "./mqtt/wire";
export { newPropertiesView, hasProperty, propertyInteger, findProperty } from "./mqtt/properties";
export type { Binary, Properties, PropertiesView } from "./mqtt/properties";
export type { ConnectInfo, WillInfo, PublishInfo, Subscription, SubscribeInfo, UnsubscribeInfo, SubackInfo } from "./mqtt/packets";
export {
  newEncoder,
  measureConnect,
  writeConnect,
  measurePublish,
  writePublish,
  measureAck,
  writeAck,
  measureSubscribe,
  writeSubscribe,
  measureUnsubscribe,
  writeUnsubscribe,
  measureSuback,
  writeSuback,
  measureConnack,
  writeConnack,
  measureReasonPacket,
  writeReasonPacket,
  writePing,
} from "./mqtt/codec-encode";
export type { Encoder } from "./mqtt/codec-encode";
export { newDecoder, decodePacket } from "./mqtt/codec-decode";
export type { Decoder, PacketView } from "./mqtt/codec-decode";
export { newStreamDecoder, feedStream, resetStream } from "./mqtt/codec-stream";
export type { StreamDecoder } from "./mqtt/codec-stream";
export {
  validateTopicName,
  validateTopicFilter,
  topicMatches,
  parseSharedSubscription,
  createSharedSubscription,
} from "./mqtt/topic";
export type { SharedSubscription } from "./mqtt/topic";
export { newClient, clientConnect, clientPoll, clientDisconnect, clientAuthenticate, clientReasonString, clientPing, clientSetWill } from "./mqtt/client";
export { clientRespond } from "./mqtt/client-respond";
export { messageTopicIs, messageTopicMatches, copyMessagePayload, messageTopic, messagePayload } from "./mqtt/message";
export { clientPublish } from "./mqtt/client-publish";
export { clientSubscribe, clientUnsubscribe, clientForgetSubscriptions } from "./mqtt/client-subscriptions";
export { defaultClientOptions, ClientState } from "./mqtt/client-state";
export type { Client, ClientEvents, ClientOptions } from "./mqtt/client-state";
