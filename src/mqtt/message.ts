/**
 * Helpers for a received message, the reusable view `onMessage` hands over: compare or copy its
 * topic and payload without making anything, or make strings of them when the caller asks.
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import type { PacketView } from "./codec-decode";
import { topicMatches } from "./topic";
import { copyBytes } from "./wire";

/**
 * Whether the message's topic is exactly the `length` bytes of `topic` at `offset` (a topic the
 * application encoded once, at creation). Never allocates.
 * @hotpath
 */
export function messageTopicIs(message: PacketView, topic: Bytes, offset: number, length: number): boolean {
  if (message.topicLength !== length) {
    return false;
  }
  for (let index = 0; index < length; index++) {
    if (message.store[message.topicOffset + index] !== topic[offset + index]) {
      return false;
    }
  }
  return true;
}

/**
 * Whether the message's topic matches the topic filter in `filter[offset .. offset + length)`
 * (wildcards, `$` topics and `$share/` as `topicMatches` treats them). Never allocates.
 * @hotpath
 */
export function messageTopicMatches(message: PacketView, filter: Bytes, offset: number, length: number): boolean {
  return topicMatches(message.store, message.topicOffset, message.topicLength, filter, offset, length);
}

/**
 * Copies the message's payload into `target` at `offset` if it fits before `end`; returns the
 * number of bytes copied, or -1 (copying nothing) when it does not fit. Never allocates.
 * @hotpath
 */
export function copyMessagePayload(message: PacketView, target: Bytes, offset: number, end: number): number {
  if (offset + message.payloadLength > end) {
    return -1;
  }
  copyBytes(message.store, message.payloadOffset, target, offset, message.payloadLength);
  return message.payloadLength;
}

/** The message's topic as a string. Allocates the string. */
export function messageTopic(platform: Platform, message: PacketView): string {
  return platform.readText(message.store, message.topicOffset, message.topicLength);
}

/** The message's payload as a string (UTF-8 text, or bytes as the runtime's byte string). Allocates the string. */
export function messagePayload(platform: Platform, message: PacketView): string {
  return platform.readText(message.store, message.payloadOffset, message.payloadLength);
}
