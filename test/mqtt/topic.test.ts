import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Bytes } from "../../src/bytes/bytes";
import { Status } from "../../src/mqtt/status";
import {
  createSharedSubscription,
  parseSharedSubscription,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
} from "../../src/mqtt/topic";

/** Bytes around every range under test: wildcards, a separator and U+0000, so a read outside shows. */
const PADDING = [0x23, 0x2b, 0x2f, 0x00, 0x24];

interface Placed {
  store: Bytes;
  offset: number;
  length: number;
}

/** `raw` copied into a larger store between padding bytes, as a received packet would hold it. */
function placeBytes(raw: Uint8Array): Placed {
  const store = new Uint8Array(PADDING.length + raw.length + PADDING.length);
  store.set(PADDING, 0);
  store.set(raw, PADDING.length);
  store.set(PADDING, PADDING.length + raw.length);
  return { store, offset: PADDING.length, length: raw.length };
}

function place(text: string): Placed {
  return placeBytes(new TextEncoder().encode(text));
}

function nameStatus(text: string): Status {
  const placed = place(text);
  return validateTopicName(placed.store, placed.offset, placed.length);
}

function filterStatus(text: string): Status {
  const placed = place(text);
  return validateTopicFilter(placed.store, placed.offset, placed.length);
}

function matches(name: string, filter: string): boolean {
  const placedName = place(name);
  const placedFilter = place(filter);
  return topicMatches(
    placedName.store,
    placedName.offset,
    placedName.length,
    placedFilter.store,
    placedFilter.offset,
    placedFilter.length,
  );
}

/** The text of `length` bytes of `store` at `offset`. */
function textAt(store: Bytes, offset: number, length: number): string {
  const copy = new Uint8Array(length);
  for (let k = 0; k < length; k++) {
    copy[k] = store[offset + k];
  }
  return new TextDecoder().decode(copy);
}

// ---------------------------------------------------------------------------------------------
// Reference implementations on strings (split-based, allowed in tests).

/** The filter part of a shared subscription, the filter itself if not shared, undefined if malformed. */
function referenceInnerFilter(filter: string): string | undefined {
  if (!filter.startsWith("$share/")) {
    return filter;
  }
  const rest = filter.slice("$share/".length);
  const slash = rest.indexOf("/");
  if (slash <= 0) {
    return undefined;
  }
  const shareName = rest.slice(0, slash);
  const inner = rest.slice(slash + 1);
  if (shareName.includes("+") || shareName.includes("#") || inner.length === 0) {
    return undefined;
  }
  return inner;
}

function referenceFilterValid(filter: string): boolean {
  if (filter.length === 0) {
    return false;
  }
  const inner = referenceInnerFilter(filter);
  if (inner === undefined) {
    return false;
  }
  const levels = inner.split("/");
  return levels.every((level, index) => {
    if (level.includes("#")) {
      return level === "#" && index === levels.length - 1;
    }
    return !level.includes("+") || level === "+";
  });
}

function referenceMatches(name: string, filter: string): boolean {
  const inner = referenceInnerFilter(filter);
  if (inner === undefined) {
    return false;
  }
  if (name.startsWith("$") && (inner.startsWith("+") || inner.startsWith("#"))) {
    return false;
  }
  const nameLevels = name.split("/");
  const filterLevels = inner.split("/");
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === "#") {
      return true;
    }
    if (index >= nameLevels.length) {
      return false;
    }
    if (level !== "+" && level !== nameLevels[index]) {
      return false;
    }
  }
  return nameLevels.length === filterLevels.length;
}

// ---------------------------------------------------------------------------------------------
// Generators.

/** Any text of at least one character with no `+`, `#` or U+0000: a valid topic name. */
const anyTopicName = fc
  .string({ unit: "binary", minLength: 1, maxLength: 40 })
  .filter((text) => !text.includes("+") && !text.includes("#") && !text.includes("\u0000"));

/** Topic names from a small alphabet of levels, so that filters often match them. */
const nameLevel = fc.constantFrom("a", "b", "ab", "", "$", "$SYS", "$share", "é");
const smallTopicName = fc
  .array(nameLevel, { minLength: 1, maxLength: 5 })
  .map((levels) => levels.join("/"))
  .filter((name) => name.length > 0);

/** Topic filters from the same alphabet plus `+`, with an optional `#` last. */
const filterLevel = fc.constantFrom<string>("a", "b", "ab", "", "$", "$SYS", "$share", "é", "+");
const smallTopicFilter = fc
  .tuple(fc.array(filterLevel, { maxLength: 5 }), fc.boolean())
  .map((parts) => (parts[1] ? parts[0].concat(["#"]) : parts[0]).join("/"))
  .filter((filter) => filter.length > 0);

// ---------------------------------------------------------------------------------------------

describe("validateTopicName (MQTT 3.1.1 §4.7.3, MQTT 5.0 §3.3.2.1)", () => {
  it.each([
    "sport/tennis/player1",
    "/finance",
    "finance/",
    "/",
    "//",
    "Accounts payable",
    "ACCOUNTS",
    "$SYS/monitor/Clients",
    "température/€/𝄞",
  ])("accepts the topic name %j", (name) => {
    expect(nameStatus(name)).toBe(Status.Success);
  });

  it("rejects an empty topic name with BadTopic", () => {
    expect(nameStatus("")).toBe(Status.BadTopic);
  });

  it.each(["sport/+", "+", "sport+", "sport/#", "#", "sport/tennis#", "a/b+c/d"])(
    "rejects the topic name %j containing a wildcard with TopicWildcard",
    (name) => {
      expect(nameStatus(name)).toBe(Status.TopicWildcard);
    },
  );

  it("rejects a topic name containing '+' with TopicWildcard", () => {
    expect(nameStatus("sport/+/player1")).toBe(Status.TopicWildcard);
  });

  it("accepts a topic name of 65535 bytes and rejects one of 65536 with BadTopic", () => {
    expect(nameStatus("a".repeat(65535))).toBe(Status.Success);
    expect(nameStatus("a".repeat(65536))).toBe(Status.BadTopic);
  });

  it("counts the length in bytes, not characters", () => {
    // 21845 three-byte characters are 65535 bytes; one more byte is too many.
    expect(nameStatus("€".repeat(21845))).toBe(Status.Success);
    expect(nameStatus("€".repeat(21845) + "a")).toBe(Status.BadTopic);
  });

  it("rejects a topic name containing U+0000 with Utf8Null", () => {
    expect(nameStatus("sport\u0000tennis")).toBe(Status.Utf8Null);
  });

  it.each([
    ["a lone continuation byte", [0x61, 0x80]],
    ["a byte 0xFF", [0x61, 0xff, 0x62]],
    ["an overlong encoding of U+0000", [0xc0, 0x80]],
    ["an encoded surrogate U+D800", [0xed, 0xa0, 0x80]],
    ["a truncated three-byte character", [0x61, 0xe2, 0x82]],
  ])("rejects a topic name with %s with BadUtf8", (_what, raw) => {
    const placed = placeBytes(new Uint8Array(raw));
    expect(validateTopicName(placed.store, placed.offset, placed.length)).toBe(Status.BadUtf8);
  });

  it("reports malformed UTF-8 before a wildcard", () => {
    const placed = placeBytes(new Uint8Array([0x2b, 0xff]));
    expect(validateTopicName(placed.store, placed.offset, placed.length)).toBe(Status.BadUtf8);
  });

  it("works on a plain-array store, as Lua's table store", () => {
    const store: Bytes = Array.from(new TextEncoder().encode("x/sport/+"));
    expect(validateTopicName(store, 2, 5)).toBe(Status.Success);
    expect(validateTopicName(store, 2, 7)).toBe(Status.TopicWildcard);
  });
});

describe("validateTopicFilter (MQTT 3.1.1 §4.7.1, §4.7.3; MQTT 5.0 §4.7, §4.8.2)", () => {
  it.each([
    "sport/tennis/player1/#",
    "sport/#",
    "#",
    "sport/tennis/#",
    "+",
    "+/tennis/#",
    "sport/+/player1",
    "+/+",
    "/+",
    "/",
    "//",
    "sport/",
    "+/",
    "/#",
    "+/#",
    "$SYS/#",
    "$SYS/monitor/+",
    "+/monitor/Clients",
    "$share",
    "$share/consumer1/sport/tennis/+",
    "$share/consumer2/sport/tennis/+",
    "$share/consumer1/#",
    "$share/consumer1//",
    "$share/group/$SYS/#",
    "$shared/a/+",
    "$SHARE/+/x",
  ])("accepts the topic filter %j", (filter) => {
    expect(filterStatus(filter)).toBe(Status.Success);
  });

  it.each([
    ["sport/tennis#", "'#' does not follow a separator"],
    ["sport/tennis/#/ranking", "'#' is not the last level"],
    ["#/", "'#' is not the last character"],
    ["##", "'#' is not a whole level"],
    ["sport+", "'+' does not occupy a whole level"],
    ["sport/+tennis", "'+' does not occupy a whole level"],
    ["+sport", "'+' does not occupy a whole level"],
    ["++", "'+' does not occupy a whole level"],
    ["$share/", "the share name is empty"],
    ["$share//sport", "the share name is empty"],
    ["$share/consumer1", "no '/' follows the share name"],
    ["$share/consumer1/", "no filter follows the share name"],
    ["$share/con+sumer/sport", "the share name contains '+'"],
    ["$share/+/sport", "the share name contains '+'"],
    ["$share/#/sport", "the share name contains '#'"],
    ["$share/group/sport/#/x", "the shared filter has '#' before its last level"],
    ["$share/group/sport+", "the shared filter has a partial-level '+'"],
  ])("rejects the topic filter %j with BadTopic: %s", (filter) => {
    expect(filterStatus(filter)).toBe(Status.BadTopic);
  });

  it("rejects an empty topic filter with BadTopic", () => {
    expect(filterStatus("")).toBe(Status.BadTopic);
  });

  it("accepts a topic filter of 65535 bytes and rejects one of 65536 with BadTopic", () => {
    expect(filterStatus("a/".repeat(32766) + "a/#")).toBe(Status.Success);
    expect(filterStatus("a/".repeat(32767) + "#")).toBe(Status.Success);
    expect(filterStatus("a/".repeat(32767) + "ab")).toBe(Status.BadTopic);
  });

  it("counts the 65535-byte limit over the whole shared subscription, prefix included", () => {
    const prefix = "$share/g/";
    expect(filterStatus(prefix + "a".repeat(65535 - prefix.length))).toBe(Status.Success);
    expect(filterStatus(prefix + "a".repeat(65536 - prefix.length))).toBe(Status.BadTopic);
  });

  it("rejects a topic filter containing U+0000 with Utf8Null", () => {
    expect(filterStatus("sport/\u0000/#")).toBe(Status.Utf8Null);
  });

  it("rejects a topic filter with malformed UTF-8 with BadUtf8", () => {
    const placed = placeBytes(new Uint8Array([0x2b, 0x2f, 0xc3]));
    expect(validateTopicFilter(placed.store, placed.offset, placed.length)).toBe(Status.BadUtf8);
  });

  it("accepts every valid topic name as a topic filter", () => {
    fc.assert(
      fc.property(anyTopicName, (name) => {
        fc.pre(!name.startsWith("$share/"));
        expect(filterStatus(name)).toBe(Status.Success);
      }),
    );
  });

  it("agrees with a reference validator on filters from a small alphabet", () => {
    const anyLevel = fc.constantFrom("a", "", "+", "#", "a+", "#a", "$share", "$");
    const anyFilter = fc.array(anyLevel, { minLength: 1, maxLength: 6 }).map((l) => l.join("/"));
    fc.assert(
      fc.property(anyFilter, (filter) => {
        const expected = referenceFilterValid(filter) ? Status.Success : Status.BadTopic;
        expect(filterStatus(filter)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseSharedSubscription (MQTT 5.0 §4.8.2)", () => {
  it("splits '$share/consumer1/sport/tennis/+' into share name and filter", () => {
    const placed = place("$share/consumer1/sport/tennis/+");
    const out = createSharedSubscription();
    expect(parseSharedSubscription(placed.store, placed.offset, placed.length, out)).toBe(
      Status.Success,
    );
    expect(out.shared).toBe(true);
    expect(out.shareNameOffset).toBe(placed.offset + 7);
    expect(textAt(placed.store, out.shareNameOffset, out.shareNameLength)).toBe("consumer1");
    expect(out.filterOffset).toBe(placed.offset + 17);
    expect(textAt(placed.store, out.filterOffset, out.filterLength)).toBe("sport/tennis/+");
  });

  it.each([
    ["$share/g/#", "g", "#"],
    ["$share/é/a", "é", "a"],
    ["$share/group//", "group", "/"],
    ["$share/group/$share/x/y", "group", "$share/x/y"],
  ])("splits %j into share name %j and filter %j", (filter, shareName, inner) => {
    const placed = place(filter);
    const out = createSharedSubscription();
    expect(parseSharedSubscription(placed.store, placed.offset, placed.length, out)).toBe(
      Status.Success,
    );
    expect(out.shared).toBe(true);
    expect(textAt(placed.store, out.shareNameOffset, out.shareNameLength)).toBe(shareName);
    expect(textAt(placed.store, out.filterOffset, out.filterLength)).toBe(inner);
  });

  it.each(["sport/tennis/+", "#", "$share", "$shared/a/b", "$SHARE/a/b", "$SYS/#", "share/a/b"])(
    "treats %j as not shared, with the whole input as its filter",
    (filter) => {
      const placed = place(filter);
      const out = createSharedSubscription();
      out.shared = true;
      expect(parseSharedSubscription(placed.store, placed.offset, placed.length, out)).toBe(
        Status.Success,
      );
      expect(out.shared).toBe(false);
      expect(out.shareNameLength).toBe(0);
      expect(out.filterOffset).toBe(placed.offset);
      expect(out.filterLength).toBe(placed.length);
    },
  );

  it.each(["$share/", "$share//a", "$share/g", "$share/g/", "$share/+/a", "$share/a#/b"])(
    "rejects the malformed shared subscription %j with BadTopic and leaves the record alone",
    (filter) => {
      const placed = place(filter);
      const out = createSharedSubscription();
      out.shareNameOffset = 99;
      expect(parseSharedSubscription(placed.store, placed.offset, placed.length, out)).toBe(
        Status.BadTopic,
      );
      expect(out.shared).toBe(false);
      expect(out.shareNameOffset).toBe(99);
    },
  );
});

describe("topicMatches (MQTT 3.1.1 §4.7.1-4.7.2, MQTT 5.0 §4.7, §4.8.2)", () => {
  it.each([
    // §4.7.1.2 multi-level wildcard
    ["sport/tennis/player1", "sport/tennis/player1/#", true],
    ["sport/tennis/player1/ranking", "sport/tennis/player1/#", true],
    ["sport/tennis/player1/score/wimbledon", "sport/tennis/player1/#", true],
    ["sport", "sport/#", true],
    ["sport/tennis", "sport/#", true],
    ["sports", "sport/#", false],
    ["sport/tennis/", "sport/tennis/#", true],
    ["anything/at/all", "#", true],
    ["/", "#", true],
    ["/finance", "/#", true],
    ["finance", "/#", false],
    // §4.7.1.3 single-level wildcard
    ["sport/tennis/player1", "sport/tennis/+", true],
    ["sport/tennis/player2", "sport/tennis/+", true],
    ["sport/tennis/player1/ranking", "sport/tennis/+", false],
    ["sport", "sport/+", false],
    ["sport/", "sport/+", true],
    ["sport/tennis/player1", "sport/+/player1", true],
    ["sport/tennis/player2", "sport/+/player1", false],
    ["/finance", "+/+", true],
    ["/finance", "/+", true],
    ["/finance", "+", false],
    ["finance", "+", true],
    ["sport//player1", "sport/+/player1", true],
    ["sport//", "sport/+/", true],
    ["/", "+/+", true],
    ["/", "+", false],
    ["sport/tennis/player1", "+/tennis/#", true],
    ["sport/tennis", "+/+/#", true],
    ["sport", "+/+/#", false],
    // §4.7.2 topics beginning with $
    ["$SYS/monitor/Clients", "#", false],
    ["$SYS/monitor/Clients", "+/monitor/Clients", false],
    ["$SYS/monitor/Clients", "$SYS/#", true],
    ["$SYS/monitor/Clients", "$SYS/monitor/+", true],
    ["$SYS", "+", false],
    ["$", "#", false],
    ["a/$SYS", "+/+", true],
    ["a/$SYS", "a/#", true],
    // §4.7.3 exact comparison
    ["ACCOUNTS", "Accounts", false],
    ["Accounts payable", "Accounts payable", true],
    ["/finance", "finance", false],
    ["finance", "/finance", false],
    ["finance/", "finance", false],
    ["finance", "finance/", false],
    ["/", "/", true],
    ["sport/tennis", "sport/tennis/player1", false],
    ["sport/tennis/player1", "sport/tennis", false],
    ["température/€", "température/+", true],
    ["température/€", "temperature/+", false],
    // MQTT 5.0 §4.8.2 shared subscriptions match on the filter after the share name
    ["sport/tennis/player1", "$share/consumer1/sport/tennis/+", true],
    ["sport/tennis/player1", "$share/consumer2/sport/tennis/+", true],
    ["sport/tennis/player1/ranking", "$share/consumer1/sport/tennis/+", false],
    ["$share/consumer1/sport/tennis/player1", "$share/consumer1/sport/tennis/+", false],
    ["a/b", "$share/g/#", true],
    ["$SYS/broker", "$share/g/#", false],
    ["$SYS/broker", "$share/g/+/broker", false],
    ["$SYS/broker", "$share/g/$SYS/#", true],
    ["$share", "$share", true],
    ["$shared/a/b", "$shared/a/+", true],
  ])("name %j against filter %j matches: %s", (name, filter, expected) => {
    expect(matches(name, filter)).toBe(expected);
  });

  it.each(["$share/", "$share/g", "$share/g/", "$share//x", "$share/+/x"])(
    "matches nothing with the malformed shared subscription %j",
    (filter) => {
      expect(matches("x", filter)).toBe(false);
      expect(matches("g", filter)).toBe(false);
    },
  );

  it.each([
    ["sport+", "sport+", true],
    ["sport+", "sport", false],
    ["a/#/b", "a/#/b", true],
    ["a/x/b", "a/#/b", false],
    ["a/tennis", "a/+tennis", false],
  ])(
    "compares a misplaced wildcard in the invalid filter %j as an ordinary byte (name %j)",
    (filter, name, expected) => {
      expect(matches(name, filter)).toBe(expected);
    },
  );

  it("works on plain-array stores at offsets, as Lua's table store", () => {
    const name: Bytes = Array.from(new TextEncoder().encode("xxsport/tennis"));
    const filter: Bytes = Array.from(new TextEncoder().encode("sport/#yy"));
    expect(topicMatches(name, 2, 12, filter, 0, 7)).toBe(true);
    expect(topicMatches(name, 2, 5, filter, 0, 7)).toBe(true);
    expect(topicMatches(name, 0, 14, filter, 0, 7)).toBe(false);
  });

  it("matches a topic name with a filter equal to it", () => {
    fc.assert(
      fc.property(anyTopicName, (name) => {
        fc.pre(!name.startsWith("$share/"));
        expect(matches(name, name)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("matches '#' against every topic name not starting with '$', and none starting with it", () => {
    fc.assert(
      fc.property(fc.oneof(anyTopicName, smallTopicName), (name) => {
        expect(matches(name, "#")).toBe(!name.startsWith("$"));
      }),
      { numRuns: 1000 },
    );
  });

  it("still matches when any one level of the name is replaced with '+'", () => {
    const nameAndLevel = fc
      .oneof(anyTopicName, smallTopicName)
      .filter((name) => !name.startsWith("$share/"))
      .chain((name) =>
        fc.tuple(fc.constant(name), fc.nat({ max: name.split("/").length - 1 })),
      );
    fc.assert(
      fc.property(nameAndLevel, (pair) => {
        const name = pair[0];
        const levels = name.split("/");
        levels[pair[1]] = "+";
        const filter = levels.join("/");
        // §4.7.2: a first-level '+' never matches a name starting with '$'.
        const expected = !(pair[1] === 0 && name.startsWith("$"));
        expect(matches(name, filter)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with a split-based reference matcher on names and filters from a small alphabet", () => {
    fc.assert(
      fc.property(smallTopicName, smallTopicFilter, (name, filter) => {
        fc.pre(referenceFilterValid(filter));
        expect(matches(name, filter)).toBe(referenceMatches(name, filter));
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with the reference matcher on shared subscriptions built from the same alphabet", () => {
    const shareName = fc.constantFrom("g", "consumer1", "$", "é");
    fc.assert(
      fc.property(smallTopicName, shareName, smallTopicFilter, (name, share, filter) => {
        const shared = "$share/" + share + "/" + filter;
        fc.pre(referenceFilterValid(shared));
        expect(matches(name, shared)).toBe(referenceMatches(name, shared));
      }),
      { numRuns: 2000 },
    );
  });
});
