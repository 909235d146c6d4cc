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
}

/**
 * The client's own state, internal in every bundle: an application makes and reads it only
 * through the client functions, except `client.lastPacketId`, which they document.
 */
const CLIENT_STATE_RECORDS = ["Client", "Session", "PacketQueue", "Outbox", "SubscriptionTable", "Backoff"];

/**
 * The full bundle: the codec's records are its public API (applications and the vector adapter
 * fill ConnectInfo, read Encoder.packetSize, StreamDecoder.status ...), so only the client's
 * state is internal.
 */
export const FULL_BUNDLE_MANGLING: ManglePlan = {
  internalRecords: CLIENT_STATE_RECORDS,
  publicFields: ["Client.lastPacketId"],
};

/**
 * A client bundle exports no codec API: the codec's working records are internal too. What the
 * application hands in or reads stays whole: ClientOptions, ClientEvents, WillInfo, Properties,
 * Binary, the PacketView and PropertiesView it is given, Platform, Socket and SocketEvents.
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
  ],
  publicFields: ["Client.lastPacketId"],
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

/**
 * The property names a bundle built from `program` may shorten under `plan`: every field of an
 * internal record, less every name that also names anything else the program declares (a field
 * of any other interface, class or type literal, including the standard library's and the
 * runtime's declarations such as Espruino's `socket.write`/`end`/`on`; an enum member; a member
 * of a declared namespace) and every name the project's code spells as a string (it may be read
 * by name, as `Properties` fields are). A name shared by an internal and a public record is kept.
 * Throws a BuildError when a record or public field of the plan is not declared.
 */
export function mangledPropertyNames(program: ts.Program, plan: ManglePlan): string[] {
  const internal = new Set<string>();
  const kept = new Set<string>();
  const found = new Set<string>();

  const addMembers = (owner: string | undefined, members: ts.NodeArray<ts.Node>, project: boolean): void => {
    const isInternal = project && owner !== undefined && plan.internalRecords.includes(owner);
    if (isInternal) found.add(owner);
    for (const member of members) {
      const name = memberName((member as ts.NamedDeclaration).name as ts.PropertyName | undefined);
      if (name === undefined) continue;
      const qualified = `${owner}.${name}`;
      if (isInternal && plan.publicFields.includes(qualified)) found.add(qualified);
      if (isInternal && !plan.publicFields.includes(qualified)) internal.add(name);
      else kept.add(name);
    }
  };

  const visit = (node: ts.Node, owner: string | undefined, project: boolean): void => {
    if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      const name = node.name?.text;
      addMembers(name, node.members, project);
      node.forEachChild((child) => visit(child, name, project));
      return;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      node.forEachChild((child) => visit(child, node.name.text, project));
      return;
    }
    if (ts.isTypeLiteralNode(node)) {
      addMembers(owner, node.members, project);
    } else if (ts.isEnumDeclaration(node)) {
      for (const member of node.members) kept.add(memberName(member.name) ?? "");
    } else if (ts.isModuleDeclaration(node) && node.body !== undefined && ts.isModuleBlock(node.body)) {
      for (const statement of node.body.statements) {
        if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) kept.add(statement.name?.text ?? "");
        if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) kept.add(memberName(declaration.name) ?? "");
        }
      }
    } else if (project && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      kept.add(node.text);
    }
    node.forEachChild((child) => visit(child, owner, project));
  };

  for (const file of program.getSourceFiles()) visit(file, undefined, isProjectFile(file));

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
