import * as path from "node:path";
import ts from "typescript";
import { BuildError, PROJECT_ROOT } from "./project";

/**
 * Which records of a bundle are internal: their field names never cross the bundle's boundary,
 * so the bundler may shorten them (`inflightPacketIds` -> `a`).
 */
export interface ManglePlan {
  /** Interfaces declared under src/ or hal/ whose fields only the bundle's own code touches. */
  internalRecords: string[];
  /** Fields of those records that do cross the boundary, as `Record.field`. */
  publicFields: string[];
  /**
   * Folders (from the project root) every record declared in which is internal too, but for
   * `externalRecords`: for a program whose only boundary is the runtime's API and a few records.
   */
  internalFolders?: string[];
  externalRecords?: string[];
}

/**
 * The client's own state, internal in every bundle: an application makes and reads it only
 * through the client functions, except `client.lastPacketId`, which they document.
 */
const CLIENT_STATE_RECORDS = ["Client", "Session", "PacketQueue", "Outbox", "SubscriptionTable", "Backoff", "TopicAliasTable"];

/**
 * The full bundle: the codec's records are its public API (applications and the vector adapter
 * fill ConnectInfo, read Encoder.packetSize, StreamDecoder.status ...), so only the client's
 * state is internal, less what inspection reads from outside: the broker's Receive Maximum and
 * the in-flight table, which the shared client suite checks on every runtime.
 */
export const FULL_BUNDLE_MANGLING: ManglePlan = {
  internalRecords: CLIENT_STATE_RECORDS,
  publicFields: ["Client.lastPacketId", "Client.serverReceiveMaximum", "Client.session", "Session.inflightUsed", "Session.inflightStates"],
};

/** The PacketView fields a client's application reads in its events (a message, an ack, AUTH). */
const CLIENT_VIEW_FIELDS = [
  "store",
  "type",
  "reasonCode",
  "dup",
  "qos",
  "retain",
  "topicOffset",
  "topicLength",
  "payloadOffset",
  "payloadLength",
  "itemCount",
  "properties",
];

/**
 * A client bundle exports no codec API: the codec's working records are internal too, and so
 * are the PacketView fields a client never reads (the CONNECT-only ones, where the packet lies
 * in the store). What the application hands in or reads stays whole: ClientOptions,
 * ClientEvents, WillInfo, Properties, Binary, the PropertiesView and the PacketView fields it is
 * given, Platform, Socket and SocketEvents.
 */
export const CLIENT_BUNDLE_MANGLING: ManglePlan = {
  internalRecords: [
    ...CLIENT_STATE_RECORDS,
    "Encoder",
    "Decoder",
    "StreamDecoder",
    "VariableIntegerReading",
    "PropertySelection",
    "TextReport",
    "ConnectInfo",
    "PublishInfo",
    "Subscription",
    "SubscribeInfo",
    "UnsubscribeInfo",
    "SubackInfo",
    "PacketView",
  ],
  publicFields: ["Client.lastPacketId", ...CLIENT_VIEW_FIELDS.map((field) => `PacketView.${field}`)],
};

/**
 * The telemetry firmware: a program, not a library, so nothing of src/, firmware/ or the HAL is
 * seen from outside but the board record the build embeds as JSON. What stays whole: that record,
 * the runtime's API (hal/espruino's declaration files), and every name spelled as a string.
 */
export const FIRMWARE_MANGLING: ManglePlan = {
  internalRecords: [],
  publicFields: [],
  internalFolders: ["src", "firmware", "hal", "hal/drivers", "hal/espruino"],
  externalRecords: ["DeviceBoard", "DeviceSensor", "BoardSetting"],
};

/** Whether `file` is the project's own code (not a library's declarations). */
function isProjectFile(file: ts.SourceFile): boolean {
  const relative = path.relative(PROJECT_ROOT, file.fileName);
  return !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
}

/** The name of a member or declaration, when it is a plain identifier or string. */
function memberName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The record (interface, class or type alias) a member declaration belongs to, if any. */
function ownerOf(declaration: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = declaration.parent; node !== undefined; node = node.parent) {
    if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name !== undefined) {
      return node.name.text;
    }
  }
  return undefined;
}

/**
 * The property names a bundle built from `program` may shorten under `plan`: every field of an
 * internal record, less every name that may cross the bundle's boundary or is not the bundle's
 * to rename:
 * - a field of any other record the project declares (ClientOptions, Socket ..., and the
 *   runtime's API such as Espruino's `socket.write`/`end`/`on` in hal/espruino/globals.d.ts);
 * - a member the project's code reaches on anything but an internal record (`store.length`,
 *   `Math.floor`, an array's `push`), or on something whose type it cannot tell;
 * - an object literal's key where the literal is not typed as an internal record;
 * - an enum member, a member of a declared namespace, and every name the project's code spells
 *   as a string (it may be read by name, as `Properties` fields are).
 * The standard library's declarations alone keep nothing: a name is kept for them only where the
 * bundle's code uses it. A name shared by an internal and a public record is kept.
 * Throws a BuildError when a record or public field of the plan is not declared.
 */
export function mangledPropertyNames(program: ts.Program, plan: ManglePlan): string[] {
  const checker = program.getTypeChecker();
  const internal = new Set<string>();
  const kept = new Set<string>();
  const found = new Set<string>();

  /** Whether the record `owner`, declared in `file`, is internal under the plan. */
  const isInternalRecord = (owner: string, file: ts.SourceFile): boolean => {
    if (plan.internalRecords.includes(owner)) return true;
    const relative = path.relative(PROJECT_ROOT, file.fileName);
    const inFolder = (plan.internalFolders ?? []).some((folder) => path.dirname(relative) === folder || relative.startsWith(`${folder}/`));
    return inFolder && !file.isDeclarationFile && !(plan.externalRecords ?? []).includes(owner);
  };

  /** Whether `declaration` is a field of an internal record (not one of its public fields). */
  const isInternalMember = (declaration: ts.Node): boolean => {
    const owner = ownerOf(declaration);
    const name = memberName((declaration as ts.NamedDeclaration).name as ts.PropertyName | undefined);
    return (
      isProjectFile(declaration.getSourceFile()) &&
      owner !== undefined &&
      isInternalRecord(owner, declaration.getSourceFile()) &&
      !plan.publicFields.includes(`${owner}.${name}`)
    );
  };

  /** Keeps `name` unless `symbol` is declared only as fields of internal records. */
  const keepUnlessInternal = (name: string, symbol: ts.Symbol | undefined): void => {
    const declarations = symbol?.declarations ?? [];
    if (declarations.length === 0 || !declarations.every(isInternalMember)) kept.add(name);
  };

  const addMembers = (owner: string | undefined, members: ts.NodeArray<ts.Node>, file: ts.SourceFile): void => {
    const isInternal = owner !== undefined && isInternalRecord(owner, file);
    if (owner !== undefined && plan.internalRecords.includes(owner)) found.add(owner);
    for (const member of members) {
      const name = memberName((member as ts.NamedDeclaration).name as ts.PropertyName | undefined);
      if (name === undefined) continue;
      const qualified = `${owner}.${name}`;
      if (isInternal && plan.publicFields.includes(qualified)) found.add(qualified);
      if (isInternal && !plan.publicFields.includes(qualified)) internal.add(name);
      else kept.add(name);
    }
  };

  const visit = (node: ts.Node, owner: string | undefined): void => {
    if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      const name = node.name?.text;
      addMembers(name, node.members, node.getSourceFile());
      node.forEachChild((child) => visit(child, name));
      return;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      node.forEachChild((child) => visit(child, node.name.text));
      return;
    }
    if (ts.isTypeLiteralNode(node)) {
      addMembers(owner, node.members, node.getSourceFile());
    } else if (ts.isEnumDeclaration(node)) {
      for (const member of node.members) kept.add(memberName(member.name) ?? "");
    } else if (ts.isModuleDeclaration(node) && node.body !== undefined && ts.isModuleBlock(node.body)) {
      for (const statement of node.body.statements) {
        if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) kept.add(statement.name?.text ?? "");
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) kept.add(memberName(declaration.name) ?? "");
        }
      }
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      kept.add(node.text);
    } else if (ts.isPropertyAccessExpression(node)) {
      keepUnlessInternal(node.name.text, checker.getSymbolAtLocation(node.name));
    } else if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      for (const property of node.properties) {
        const name = memberName(property.name);
        if (name !== undefined) keepUnlessInternal(name, contextual?.getProperty(name));
      }
    }
    node.forEachChild((child) => visit(child, owner));
  };

  for (const file of program.getSourceFiles()) {
    if (isProjectFile(file)) visit(file, undefined);
  }

  const missing = [...plan.internalRecords, ...plan.publicFields].filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new BuildError(`property mangling: not declared in the bundle's program: ${missing.join(", ")}`);
  }
  return [...internal].filter((name) => !kept.has(name)).sort();
}

/** A regular expression that matches exactly `names` (for esbuild's `mangleProps`). */
export function exactNamesPattern(names: string[]): RegExp {
  return new RegExp(`^(?:${names.join("|")})$`);
}
