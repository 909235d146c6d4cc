/**
 * ajv's errors for a board file in plain words: one problem per thing a person must fix, naming
 * the field (`sensors[1].address`) and what it must be.
 */
import type { ErrorObject } from "ajv";
import type { Problem } from "./board-types";
import { boardSchema } from "./board-schema";

/** One ajv error as the problems a person reads (none for errors another error already says). */
export function describeSchemaError(error: ErrorObject): Problem[] {
  const field = fieldPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return [{ field: joinField(field, String(params.missingProperty)), text: "is required" }];
    case "additionalProperties":
      return [{ field: joinField(field, String(params.additionalProperty)), text: "is not a known field" }];
    case "propertyNames":
      return [];
    case "discriminator":
      return [{ field: joinField(field, String(params.tag)), text: describeDiscriminator(schema, String(params.tag), params.tagValue) }];
    case "pattern":
      if (error.propertyName !== undefined) {
        return [{ field: joinField(field, error.propertyName), text: `the name must be ${patternMeaning(schema)}` }];
      }
      return [{ field, text: `must be ${patternMeaning(schema)}` }];
    case "type":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
      return [{ field, text: `must be ${describeType(schema)}` }];
    case "enum":
      return [{ field, text: `must be ${alternatives((schema.enum as unknown[]).map(String))}` }];
    case "const":
      return [{ field, text: `must be ${String(schema.const)}` }];
    case "minLength":
      return [{ field, text: schema.minLength === 1 ? "must not be empty" : `must be at least ${String(schema.minLength)} characters` }];
    case "maxLength":
      return [{ field, text: `must be at most ${String(schema.maxLength)} characters` }];
    case "minItems":
    case "maxItems":
      return [{ field, text: describeItemCount(schema) }];
    case "uniqueItems":
      return [{ field, text: `lists ${JSON.stringify((error.data as unknown[])[Number(params.i)])} twice` }];
    default:
      return [{ field, text: error.message ?? error.keyword }];
  }
}

/** `/sensors/1/address` as `sensors[1].address`. */
function fieldPath(instancePath: string): string {
  if (instancePath === "") return "";
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((joined, part) => (/^\d+$/.test(part) ? `${joined}[${part}]` : joinField(joined, part)), "");
}

export function joinField(parent: string, name: string): string {
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
  return parent === "" ? part : `${parent}.${part}`;
}

/** The values a discriminated oneOf accepts for `tag`, read from the schema's definitions. */
function describeDiscriminator(schema: Record<string, unknown>, tag: string, value: unknown): string {
  const definitions = boardSchema().definitions as Record<string, { properties: Record<string, { const: string }> }>;
  const accepted = (schema.oneOf as { $ref: string }[]).map((branch) => {
    const name = branch.$ref.slice("#/definitions/".length);
    return definitions[name].properties[tag].const;
  });
  return `${value === undefined ? "is required and " : ""}must be ${alternatives(accepted)}`;
}

function patternMeaning(schema: Record<string, unknown>): string {
  return typeof schema.patternMeaning === "string" ? schema.patternMeaning : `text matching ${String(schema.pattern)}`;
}

/** What a value of `schema` looks like: "an integer from 0x08 to 0x77", "a string". */
function describeType(schema: Record<string, unknown>): string {
  const TYPE_NAMES: Record<string, string> = {
    string: "a string",
    boolean: "true or false",
    object: "an object",
    array: "an array",
    integer: "an integer",
    number: "a number",
  };
  const typeName = TYPE_NAMES[String(schema.type)] ?? String(schema.type);
  if (schema.type !== "integer" && schema.type !== "number") return typeName;
  const show = (value: unknown): string => (schema.hexadecimal === true ? hex(Number(value)) : String(value));
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${typeName} from ${show(schema.minimum)} to ${show(schema.maximum)}`;
  if (schema.minimum !== undefined) return `${typeName} of at least ${show(schema.minimum)}`;
  if (schema.exclusiveMinimum !== undefined) return `${typeName} above ${show(schema.exclusiveMinimum)}`;
  return typeName;
}

function describeItemCount(schema: Record<string, unknown>): string {
  const items = (count: unknown): string => `${String(count)} ${count === 1 ? "item" : "items"}`;
  if (schema.minItems !== undefined && schema.minItems === schema.maxItems) return `must list exactly ${items(schema.minItems)}`;
  if (schema.minItems !== undefined) return `must list at least ${items(schema.minItems)}`;
  return `must list at most ${items(schema.maxItems)}`;
}

/** `a`, `a or b`, `a, b or c` (or with `and`). */
export function alternatives(values: string[], conjunction = "or"): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(", ")} ${conjunction} ${values[values.length - 1]}`;
}

/** `0x76`: a byte as the datasheets write it. */
export function hex(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}
