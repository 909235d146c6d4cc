import type { PropertiesView } from "../../src/mqtt/properties";
import { findProperty, propertyInteger } from "../../src/mqtt/properties";
import { PropertyKind, PROPERTY_KINDS, PROPERTY_NAMES } from "../../src/mqtt/property-table";
import { readTwoByteInteger } from "../../src/mqtt/wire";
import { espruinoPlatform } from "./platform";

/** Received MQTT 5 properties by the spec's names, as an Espruino program reads them. */
export interface ReceivedProperties {
  [name: string]: number | string | string[];
}

/** The string (byte string on Espruino) of the length-prefixed value at `offset`. Allocates it. */
function lengthPrefixedText(view: PropertiesView, offset: number): string {
  return espruinoPlatform.readText(view.store, offset + 2, readTwoByteInteger(view.store, offset));
}

/**
 * Copies received MQTT 5 properties out of `view` into a new object keyed by the names the
 * `Properties` record uses: integers as numbers (the first Subscription Identifier when there are
 * several), strings and binary data as (byte) strings, `userProperty` as `[name, value, ...]`.
 * Returns undefined when there are none. Allocates the object and its strings.
 */
export function receivedProperties(view: PropertiesView): ReceivedProperties | undefined {
  if (view.presentCount === 0) return undefined;
  const properties: ReceivedProperties = {};
  for (let index = 0; index < view.presentCount; index++) {
    const id = view.presentIds[index];
    const kind = PROPERTY_KINDS[id];
    if (kind === PropertyKind.Utf8StringPair) {
      const pairs: string[] = [];
      for (let occurrence = 0; occurrence < view.counts[id]; occurrence++) {
        const offset = findProperty(view, id, occurrence);
        pairs.push(lengthPrefixedText(view, offset));
        pairs.push(lengthPrefixedText(view, offset + 2 + readTwoByteInteger(view.store, offset)));
      }
      properties[PROPERTY_NAMES[id]] = pairs;
    } else if (kind === PropertyKind.Utf8String || kind === PropertyKind.BinaryData) {
      properties[PROPERTY_NAMES[id]] = lengthPrefixedText(view, view.valueOffsets[id]);
    } else {
      properties[PROPERTY_NAMES[id]] = propertyInteger(view, id, 0);
    }
  }
  return properties;
}
