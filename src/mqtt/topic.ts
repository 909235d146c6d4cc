import type { Bytes } from "../bytes/bytes";
import { validateUtf8 } from "../bytes/utf8";
import { Status } from "./status";

/**
 * Topic names, topic filters and shared subscriptions (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7 and
 * §4.8.2), all on byte ranges of a `Bytes` store: nothing here makes a string or allocates.
 */

/** The bytes that carry meaning in a topic (all ASCII, so never inside a multi-byte character). */
const enum TopicByte {
  Hash = 0x23,
  Dollar = 0x24,
  Plus = 0x2b,
  Slash = 0x2f,
}

/** The longest UTF-8 string MQTT can carry, in bytes (its length travels in two bytes). */
const MAX_TOPIC_LENGTH = 65535;

/** `$share/`, the prefix that makes a topic filter a shared subscription (MQTT 5.0 §4.8.2). */
const SHARE_PREFIX = [0x24, 0x73, 0x68, 0x61, 0x72, 0x65, 0x2f];
const SHARE_PREFIX_LENGTH = 7;

/**
 * Where a topic filter's matching part lies: for `$share/{ShareName}/{filter}` the share name and
 * the filter after it; for any other filter (`shared` false) an empty share name at the start and
 * the whole input as the filter. Offsets index the store the filter was parsed from.
 */
export interface SharedSubscription {
  shared: boolean;
  shareNameOffset: number;
  shareNameLength: number;
  filterOffset: number;
  filterLength: number;
}

/** A blank record for `parseSharedSubscription` to fill; call at creation time, not per message. */
export function createSharedSubscription(): SharedSubscription {
  return { shared: false, shareNameOffset: 0, shareNameLength: 0, filterOffset: 0, filterLength: 0 };
}

/**
 * Where the filter part of `$share/{ShareName}/{filter}` starts: the index just past the `/` that
 * ends the share name. Returns `offset` when the input does not start with `$share/` (not a shared
 * subscription), and -1 when it does but the share name is empty or holds `+` or `#`, no `/`
 * follows it, or nothing follows that `/`. Reads only inside the range; never allocates.
 * @hotpath
 */
function shareFilterStart(store: Bytes, offset: number, length: number): number {
  if (length < SHARE_PREFIX_LENGTH) {
    return offset;
  }
  for (let k = 0; k < SHARE_PREFIX_LENGTH; k++) {
    if (store[offset + k] !== SHARE_PREFIX[k]) {
      return offset;
    }
  }
  const end = offset + length;
  const nameStart = offset + SHARE_PREFIX_LENGTH;
  let index = nameStart;
  while (index < end && store[index] !== TopicByte.Slash) {
    const byte = store[index];
    if (byte === TopicByte.Plus || byte === TopicByte.Hash) {
      return -1;
    }
    index = index + 1;
  }
  if (index === nameStart || index + 1 >= end) {
    return -1;
  }
  return index + 1;
}

/**
 * Whether a (valid) topic filter is a shared subscription, `$share/{ShareName}/{filter}`.
 * Never allocates.
 * @hotpath
 */
export function isSharedSubscription(store: Bytes, offset: number, length: number): boolean {
  return shareFilterStart(store, offset, length) !== offset;
}

/**
 * Checks a PUBLISH topic name (MQTT 3.1.1 §4.7.3, MQTT 5.0 §3.3.2.1): 1 to 65535 bytes of
 * well-formed UTF-8 without U+0000, and no `+` or `#` anywhere. Returns Success, BadTopic (empty
 * or too long), BadUtf8, Utf8Null or TopicWildcard. An empty name that MQTT 5 allows alongside a
 * Topic Alias is the caller's case: this function always rejects it. Never allocates.
 * @hotpath
 */
export function validateTopicName(store: Bytes, offset: number, length: number): Status {
  if (length < 1 || length > MAX_TOPIC_LENGTH) {
    return Status.BadTopic;
  }
  const utf8Status = validateUtf8(store, offset, length);
  if (utf8Status !== Status.Success) {
    return utf8Status;
  }
  const end = offset + length;
  for (let index = offset; index < end; index++) {
    const byte = store[index];
    if (byte === TopicByte.Plus || byte === TopicByte.Hash) {
      return Status.TopicWildcard;
    }
  }
  return Status.Success;
}

/**
 * Checks a SUBSCRIBE or UNSUBSCRIBE topic filter (MQTT 3.1.1 §4.7.1 and §4.7.3, MQTT 5.0 §4.7 and
 * §4.8.2): 1 to 65535 bytes of well-formed UTF-8 without U+0000; `#` only as the whole last level;
 * `+` only as a whole level; and a filter starting with `$share/` must name a share (at least one
 * byte, no `+` or `#`) and give a non-empty filter after the `/` that ends the name. Returns
 * Success, BadUtf8, Utf8Null, or BadTopic for every other broken rule. Never allocates.
 * @hotpath
 */
export function validateTopicFilter(store: Bytes, offset: number, length: number): Status {
  if (length < 1 || length > MAX_TOPIC_LENGTH) {
    return Status.BadTopic;
  }
  const utf8Status = validateUtf8(store, offset, length);
  if (utf8Status !== Status.Success) {
    return utf8Status;
  }
  const filterStart = shareFilterStart(store, offset, length);
  if (filterStart < 0) {
    return Status.BadTopic;
  }
  const end = offset + length;
  let levelStart = filterStart;
  for (let index = filterStart; index < end; index++) {
    const byte = store[index];
    if (byte === TopicByte.Slash) {
      levelStart = index + 1;
    } else if (byte === TopicByte.Plus) {
      const endsLevel = index + 1 === end || store[index + 1] === TopicByte.Slash;
      if (index !== levelStart || !endsLevel) {
        return Status.BadTopic;
      }
    } else if (byte === TopicByte.Hash) {
      if (index !== levelStart || index + 1 !== end) {
        return Status.BadTopic;
      }
    }
  }
  return Status.Success;
}

/**
 * Splits a topic filter into share name and filter (MQTT 5.0 §4.8.2) by filling `out`: for
 * `$share/{ShareName}/{filter}` sets `shared` and the two ranges; for any other input clears
 * `shared`, gives an empty share name at `offset` and the whole input as the filter. Returns
 * Success, or BadTopic (leaving `out` untouched) when a `$share/` prefix is not followed by a
 * non-empty share name free of `+` and `#`, a `/`, and a non-empty filter. Checks only that
 * structure: run `validateTopicFilter` for the full rules. Never allocates.
 * @hotpath
 */
export function parseSharedSubscription(
  store: Bytes,
  offset: number,
  length: number,
  out: SharedSubscription,
): Status {
  const filterStart = shareFilterStart(store, offset, length);
  if (filterStart < 0) {
    return Status.BadTopic;
  }
  if (filterStart === offset) {
    out.shared = false;
    out.shareNameOffset = offset;
    out.shareNameLength = 0;
    out.filterOffset = offset;
    out.filterLength = length;
    return Status.Success;
  }
  out.shared = true;
  out.shareNameOffset = offset + SHARE_PREFIX_LENGTH;
  out.shareNameLength = filterStart - 1 - out.shareNameOffset;
  out.filterOffset = filterStart;
  out.filterLength = offset + length - filterStart;
  return Status.Success;
}

/**
 * Whether the topic name matches the topic filter (MQTT 3.1.1 §4.7.1-4.7.2, MQTT 5.0 §4.7):
 * levels are compared byte for byte; `+` matches exactly one level, empty levels included; `#`
 * matches its parent level and any number of child levels; a filter starting with `+` or `#`
 * matches no name starting with `$`. For `$share/{ShareName}/{filter}` only the filter after the
 * share name is matched (and the `$` rule applies to it).
 *
 * Expects a name that passed `validateTopicName` and a filter that passed `validateTopicFilter`.
 * Given other input it still reads only inside both ranges: a `$share/` filter without a
 * well-formed share name matches nothing, and a `+` or `#` that is not a whole level (or a `#`
 * that is not last) is compared as an ordinary byte. Never allocates.
 * @hotpath
 */
export function topicMatches(
  nameStore: Bytes,
  nameOffset: number,
  nameLength: number,
  filterStore: Bytes,
  filterOffset: number,
  filterLength: number,
): boolean {
  const filterEnd = filterOffset + filterLength;
  let f = shareFilterStart(filterStore, filterOffset, filterLength);
  if (f < 0) {
    return false;
  }
  const nameEnd = nameOffset + nameLength;
  let n = nameOffset;
  if (n < nameEnd && f < filterEnd && nameStore[n] === TopicByte.Dollar) {
    const first = filterStore[f];
    if (first === TopicByte.Plus || first === TopicByte.Hash) {
      return false;
    }
  }
  // Each pass starts with n and f at the first byte of a level (or at the end of their range).
  while (true) {
    const levelByte = f < filterEnd ? filterStore[f] : -1;
    if (levelByte === TopicByte.Hash && f + 1 === filterEnd) {
      return true;
    }
    const plusLevel =
      levelByte === TopicByte.Plus && (f + 1 === filterEnd || filterStore[f + 1] === TopicByte.Slash);
    if (plusLevel) {
      while (n < nameEnd && nameStore[n] !== TopicByte.Slash) {
        n = n + 1;
      }
      f = f + 1;
    } else {
      while (f < filterEnd && filterStore[f] !== TopicByte.Slash) {
        if (n >= nameEnd || nameStore[n] !== filterStore[f]) {
          return false;
        }
        n = n + 1;
        f = f + 1;
      }
      if (n < nameEnd && nameStore[n] !== TopicByte.Slash) {
        return false;
      }
    }
    // Both levels ended: f is at filterEnd or a '/', n at nameEnd or a '/'.
    if (f === filterEnd) {
      return n === nameEnd;
    }
    if (n === nameEnd) {
      // The name has no more levels: only a trailing "/#" (matching the parent) still matches.
      return f + 2 === filterEnd && filterStore[f + 1] === TopicByte.Hash;
    }
    n = n + 1;
    f = f + 1;
  }
}
