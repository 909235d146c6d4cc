/**
 * Two things about names that a parser accepts and Espruino's interpreter does not (found by
 * running the firmware on Espruino's own Linux build; RUNTIMES.md lists the second):
 * - Espruino's lexer takes `of` and `static` as reserved words everywhere, so a variable,
 *   function or parameter called so (which a minifier may well choose) is a syntax error there,
 *   though a property of that name is fine.
 * - Espruino does not hoist function declarations: a function is defined when execution reaches
 *   its declaration, in any scope, so code that runs before the declaration in the same block
 *   and names the function (calls it, or takes it as a value) finds nothing.
 * `reservedNameFindings` and `unhoistedUseFindings` find them in a parsed script;
 * `renameReservedNames` renames the first kind in a bundle's text.
 */
import type { Identifier, Node } from "acorn";
import { parse } from "acorn";
import { full } from "acorn-walk";

/** Identifiers Espruino's lexer reads as reserved words. */
export const ESPRUINO_RESERVED_NAMES = ["of", "static"];

/** A name and where it stands in the source. */
export interface NameSite {
  node: Node;
  name: string;
}

/** Every identifier used as a name (a binding or a reference, not a property key) with one of `names`. */
export function reservedNameFindings(program: Node, names: string[] = ESPRUINO_RESERVED_NAMES): NameSite[] {
  const sites: NameSite[] = [];
  full(program, (node, _state, type) => {
    if ((type === "Identifier" || type === "VariablePattern" || node.type === "Identifier") && names.includes((node as Identifier).name)) {
      if (!sites.some((site) => site.node.start === node.start)) sites.push({ node, name: (node as Identifier).name });
    }
  });
  return sites;
}

/** A node with a body of statements: a script, a function body or a block. */
interface StatementList {
  body: Node[];
}

/** Whether `node` starts a new function (its code runs later, when called). */
function isFunction(node: Node): boolean {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

/** The names `statement` declares in its own block (let, const, class, function). */
function blockNames(statement: Node): string[] {
  const record = statement as unknown as { type: string; id?: Identifier; declarations?: { id: Node }[]; kind?: string };
  if ((record.type === "FunctionDeclaration" || record.type === "ClassDeclaration") && record.id !== undefined) return [record.id.name];
  if (record.type === "VariableDeclaration" && record.kind !== "var") {
    return (record.declarations ?? []).flatMap((declaration) => (declaration.id.type === "Identifier" ? [(declaration.id as Identifier).name] : []));
  }
  return [];
}

/**
 * The references to `name` in `node` that run when `node` runs: nested functions are skipped, and
 * so are nested blocks that declare a `name` of their own.
 */
function runningReferences(node: Node, name: string, found: Node[]): void {
  if (isFunction(node)) return;
  if (node.type === "Identifier" && (node as Identifier).name === name) {
    found.push(node);
    return;
  }
  const list = node as unknown as Partial<StatementList>;
  if ((node.type === "BlockStatement" || node.type === "Program") && Array.isArray(list.body) && list.body.some((statement) => blockNames(statement).includes(name))) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc") continue;
    const record = node as unknown as { computed?: boolean; shorthand?: boolean };
    if ((node.type === "MemberExpression" && key === "property" && record.computed !== true) || (node.type === "Property" && key === "key" && record.computed !== true && record.shorthand !== true)) continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === "object" && typeof (child as Node).type === "string") runningReferences(child as Node, name, found);
    }
  }
}

/**
 * Every use of a function, in a script, a function body or a block, by code of that same list
 * that runs before the function's declaration is reached.
 */
export function unhoistedUseFindings(program: Node): NameSite[] {
  const sites: NameSite[] = [];
  full(program, (node) => {
    const list = node as unknown as Partial<StatementList>;
    if (!(node.type === "Program" || node.type === "BlockStatement") || !Array.isArray(list.body)) return;
    list.body.forEach((statement, index) => {
      if (statement.type !== "FunctionDeclaration") return;
      const name = (statement as unknown as { id: Identifier }).id.name;
      for (const earlier of (list.body as Node[]).slice(0, index)) {
        const found: Node[] = [];
        runningReferences(earlier, name, found);
        for (const use of found) sites.push({ node: use, name });
      }
    });
  });
  return sites;
}

/**
 * `source` with every identifier named `of` or `static` (bindings and references alike; a
 * shorthand property keeps its key) renamed to a name the source does not use, so Espruino can
 * parse it. Renaming every occurrence of a name to one new name keeps the program's meaning: the
 * new name shadows or is shadowed exactly where the old one was. Throws if `source` does not parse.
 */
export function renameReservedNames(source: string): string {
  const program = parse(source, { ecmaVersion: "latest", sourceType: "script" });
  const sites = reservedNameFindings(program);
  if (sites.length === 0) return source;
  const replacements = new Map<string, string>();
  for (const name of ESPRUINO_RESERVED_NAMES) {
    let candidate = `${name}$`;
    while (source.includes(candidate)) candidate = `${candidate}$`;
    replacements.set(name, candidate);
  }
  const shorthand = new Set<number>();
  full(program, (node) => {
    const property = node as unknown as { type: string; shorthand?: boolean; value?: Node };
    if (property.type === "Property" && property.shorthand === true && property.value !== undefined) shorthand.add(property.value.start);
  });
  let text = source;
  for (const site of [...sites].sort((a, b) => b.node.start - a.node.start)) {
    const renamed = replacements.get(site.name) as string;
    const replacement = shorthand.has(site.node.start) ? `${site.name}:${renamed}` : renamed;
    text = text.slice(0, site.node.start) + replacement + text.slice(site.node.end);
  }
  return text;
}
