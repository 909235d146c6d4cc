import ts from "typescript";
import type { FileContext, NodeRule } from "./context";
import { isStringType, namesBuiltin } from "./symbols";

interface NameBan {
  rule: number;
  why: string;
}

const BYTE_STORE: NameBan = { rule: 6, why: "bytes live in a `Bytes` store made by the Platform" };
const TEXT: NameBan = { rule: 7, why: "text crosses into bytes only through Platform functions" };
const NUMBER_TEXT: NameBan = { rule: 4, why: "format numbers with the project's integer code" };
const ESPRUINO_MATH: NameBan = { rule: 5, why: "missing on Espruino" };
const REGEX: NameBan = { rule: 8, why: "Lua has no regular expressions" };
const ESPRUINO_BUILTIN: NameBan = { rule: 13, why: "Espruino lacks or breaks it" };

/** Built-in globals the subset may not name at all (values or types). */
const GLOBAL_BANS = new Map<string, NameBan>([
  ...[
    "ArrayBuffer", "SharedArrayBuffer", "DataView", "Buffer", "Int8Array", "Uint8Array", "Uint8ClampedArray",
    "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
    "BigInt64Array", "BigUint64Array",
  ].map((name): [string, NameBan] => [name, BYTE_STORE]),
  ["TextEncoder", TEXT],
  ["TextDecoder", TEXT],
  ["parseFloat", NUMBER_TEXT],
  ["RegExp", REGEX],
  ...["Symbol", "Map", "Set", "WeakMap", "WeakSet"].map((name): [string, NameBan] => [name, ESPRUINO_BUILTIN]),
]);

/** Members of built-in namespaces and constructors, keyed `Owner.member`. */
const STATIC_BANS = new Map<string, NameBan>([
  ...[
    "Math.imul", "Math.trunc", "Math.clz32", "Math.log2", "Number.isInteger", "Number.isNaN", "Number.MAX_SAFE_INTEGER",
  ].map((name): [string, NameBan] => [name, ESPRUINO_MATH]),
  ["Number.parseFloat", NUMBER_TEXT],
  ["String.fromCharCode", TEXT],
  ["String.fromCodePoint", TEXT],
  ["Array.from", ESPRUINO_BUILTIN],
  ["Array.of", ESPRUINO_BUILTIN],
  ["Promise.race", ESPRUINO_BUILTIN],
]);

/** Methods of built-in types, on any receiver. */
const METHOD_BANS = new Map<string, NameBan>([
  ["toFixed", NUMBER_TEXT],
  ["toPrecision", NUMBER_TEXT],
  ["toExponential", NUMBER_TEXT],
  ["charCodeAt", TEXT],
  ["codePointAt", TEXT],
  ["finally", ESPRUINO_BUILTIN],
]);

/** True when `identifier` is a reference, not the name of a member, property or declaration. */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent)) {
    return parent.expression === identifier;
  }
  if (ts.isQualifiedName(parent)) {
    return parent.left === identifier;
  }
  return ts.getNameOfDeclaration(parent as ts.Declaration) !== identifier;
}

function checkGlobal(identifier: ts.Identifier, context: FileContext): void {
  const ban = GLOBAL_BANS.get(identifier.text);
  if (ban !== undefined && isReference(identifier) && namesBuiltin(context.program, context.checker, identifier)) {
    context.report(identifier, ban.rule, `\`${identifier.text}\`: ${ban.why}`);
  }
}

function checkMember(access: ts.PropertyAccessExpression, context: FileContext): void {
  const member = access.name.text;
  const staticBan = STATIC_BANS.get(`${access.expression.getText()}.${member}`);
  const methodBan = METHOD_BANS.get(member);
  const { program, checker } = context;
  if (staticBan !== undefined && namesBuiltin(program, checker, access.expression)) {
    context.report(access, staticBan.rule, `\`${access.getText()}\`: ${staticBan.why}`);
  } else if (methodBan !== undefined && namesBuiltin(program, checker, access.name)) {
    context.report(access.name, methodBan.rule, `\`.${member}\`: ${methodBan.why}`);
  } else if (member === "length" && isStringType(checker.getTypeAtLocation(access.expression))) {
    context.report(access, TEXT.rule, "`.length` of a string counts UTF-16 units on JS but bytes on Lua; use platform.textByteLength");
  }
}

/** Rules 4 to 8 and 13: built-in names, members and methods the subset forbids. */
export const checkName: NodeRule = (node, context) => {
  if (ts.isIdentifier(node)) {
    checkGlobal(node, context);
  } else if (ts.isPropertyAccessExpression(node)) {
    checkMember(node, context);
  }
};
