import { parse } from "acorn";
import type { Identifier, Node, Position } from "acorn";
import { full, simple } from "acorn-walk";
import type { SimpleVisitors } from "acorn-walk";
import {
  ESPRUINO_PROTOTYPES,
  ESPRUINO_STATICS,
  MISSING_GLOBALS,
  PLUMBING,
} from "./espruino-builtins";
import { reservedNameFindings, unhoistedUseFindings } from "./espruino-scopes";

/** One construct in a script that Espruino cannot run. */
export interface SyntaxFinding {
  /** 1-based line of the construct. */
  line: number;
  /** 0-based column of the construct. */
  column: number;
  /** Offset of the construct in the source, in UTF-16 units. */
  offset: number;
  /** What it is, in a few words ("optional chaining", "reference to Map" ...). */
  what: string;
}

const REGEX_FLAGS_MISSING = ["s", "u", "y", "d", "v"];

const STATIC_MEMBER_EXTRAS = [...PLUMBING, ...ESPRUINO_PROTOTYPES.Function];

/**
 * Lists the constructs in `source` (a whole script, as Espruino would receive it) that Espruino
 * cannot run: syntax it lacks or breaks (RUNTIMES.md: destructuring, spread/rest, default
 * parameters, `?.`, `??`, `**`, async/await, generators, labels, getters/setters, `#private`,
 * regex flags s/u/y/d/v, logical assignment) and references to standard globals or static members
 * it does not have (tools/espruino-builtins.ts). Also flags accessor descriptors passed to calls
 * (`{get: ...}` as in esbuild's `__export`), since Espruino's getters are broken; identifiers
 * called `of` or `static`, which Espruino's lexer reserves; and a function used by code that runs
 * before its declaration is reached, since Espruino does not hoist (tools/espruino-scopes.ts).
 *
 * Source that does not parse (as the newest ECMAScript, so newer syntax still gets a named
 * finding) yields one finding for the parse error. Reads only `source`; never throws.
 */
export function checkEspruinoSyntax(source: string): SyntaxFinding[] {
  let program: Node;
  try {
    program = parse(source, { ecmaVersion: "latest", sourceType: "script", locations: true });
  } catch (error) {
    const { loc, pos } = error as { loc?: Position; pos?: number };
    return [
      {
        line: loc?.line ?? 1,
        column: loc?.column ?? 0,
        offset: pos ?? 0,
        what: `syntax error: ${(error as Error).message}`,
      },
    ];
  }
  const findings: SyntaxFinding[] = [];
  const flag = (node: Node, what: string): void => {
    findings.push({
      line: node.loc?.start.line ?? 1,
      column: node.loc?.start.column ?? 0,
      offset: node.start,
      what,
    });
  };
  const declared = declaredNames(program);

  const visitors: SimpleVisitors<unknown> = {
    ObjectPattern: (node) => flag(node, "destructuring pattern"),
    ArrayPattern: (node) => flag(node, "destructuring pattern"),
    SpreadElement: (node) => flag(node, "spread"),
    RestElement: (node) => flag(node, "rest element"),
    AssignmentPattern: (node) => flag(node, "default value (parameter or destructuring)"),
    ChainExpression: (node) => flag(node, "optional chaining"),
    AwaitExpression: (node) => flag(node, "await"),
    YieldExpression: (node) => flag(node, "yield"),
    LabeledStatement: (node) => flag(node, "labelled statement"),
    StaticBlock: (node) => flag(node, "class static block"),
    PrivateIdentifier: (node) => flag(node, "class private name"),
    LogicalExpression: (node) => {
      if (node.operator === "??") flag(node, "nullish coalescing (??)");
    },
    BinaryExpression: (node) => {
      if (node.operator === "**") flag(node, "exponentiation (**)");
      if (node.left.type === "PrivateIdentifier") flag(node.left, "class private name");
    },
    AssignmentExpression: (node) => {
      if (["**=", "??=", "||=", "&&="].includes(node.operator)) {
        flag(node, `assignment operator ${node.operator}`);
      }
    },
    ForOfStatement: (node) => {
      if (node.await) flag(node, "for await");
    },
    Function: (node) => {
      if (node.async) flag(node, "async function");
      if (node.generator) flag(node, "generator function");
    },
    Property: (node) => {
      if (node.kind === "get" || node.kind === "set") flag(node, `${node.kind}ter`);
    },
    MethodDefinition: (node) => {
      if (node.kind === "get" || node.kind === "set") flag(node, `${node.kind}ter`);
      if (node.key.type === "PrivateIdentifier") flag(node.key, "class private name");
    },
    PropertyDefinition: (node) => {
      if (node.key.type === "PrivateIdentifier") flag(node.key, "class private name");
    },
    Literal: (node) => {
      const flags = node.regex?.flags ?? "";
      for (const missing of REGEX_FLAGS_MISSING) {
        if (flags.includes(missing)) flag(node, `regular expression flag ${missing}`);
      }
    },
    Identifier: (node) => {
      if (MISSING_GLOBALS.includes(node.name) && !declared.has(node.name)) {
        flag(node, `reference to ${node.name}`);
      }
    },
    MemberExpression: (node) => {
      if (node.property.type === "PrivateIdentifier") flag(node.property, "class private name");
      const member = memberName(node);
      if (member === undefined || node.object.type !== "Identifier") return;
      const owner = node.object.name;
      const statics = ESPRUINO_STATICS[owner];
      if (statics === undefined || declared.has(owner)) return;
      if (!statics.includes(member) && !STATIC_MEMBER_EXTRAS.includes(member)) {
        flag(node, `reference to ${owner}.${member}`);
      }
    },
    CallExpression: (node) => {
      for (const argument of node.arguments) {
        if (argument.type === "ObjectExpression" && hasAccessorKey(argument)) {
          flag(argument, "accessor descriptor ({get}/{set}) passed to a call");
        }
      }
    },
  };
  simple(program, visitors);
  for (const site of reservedNameFindings(program)) flag(site.node, `identifier ${site.name} (a reserved word to Espruino's lexer)`);
  for (const site of unhoistedUseFindings(program)) flag(site.node, `${site.name} used before its function declaration is reached (Espruino does not hoist)`);
  return findings.sort((a, b) => a.offset - b.offset);
}

/** Formats a finding as `file:line:column: what`. */
export function formatSyntaxFinding(file: string, finding: SyntaxFinding): string {
  return `${file}:${finding.line}:${finding.column + 1}: ${finding.what}`;
}

/** Every name the script declares (variables, functions, classes, parameters, catch bindings). */
function declaredNames(program: Node): Set<string> {
  const names = new Set<string>();
  full(program, (node, _state, type) => {
    if (type === "VariablePattern") names.add((node as Identifier).name);
  });
  return names;
}

/** The member a non-computed or string-literal-computed member expression names. */
function memberName(node: {
  computed: boolean;
  property: { type: string; name?: string; value?: unknown };
}): string | undefined {
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  if (node.computed && node.property.type === "Literal" && typeof node.property.value === "string") {
    return node.property.value;
  }
  return undefined;
}

/** Whether an object literal has a plain `get` or `set` key, as a property descriptor would. */
function hasAccessorKey(node: {
  properties: Array<{ type: string; computed?: boolean; key?: { type: string; name?: string } }>;
}): boolean {
  return node.properties.some(
    (property) =>
      property.type === "Property" &&
      !property.computed &&
      property.key?.type === "Identifier" &&
      (property.key.name === "get" || property.key.name === "set"),
  );
}
