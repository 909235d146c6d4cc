import ts from "typescript";
import type { FileContext, FileRule } from "./context";
import { mainDeclaration } from "./symbols";

/** Where a walk of load-time code stands. */
interface LoadTimeWalk {
  context: FileContext;
  /** Where the top-level statement being run starts: functions declared after it do not exist yet. */
  loadPoint: number;
  /** The calls followed from the top-level code to get here, outermost first. */
  chain: string[];
  /** Where in the top-level code the chain starts; undefined while still in the top-level code. */
  site: ts.Node | undefined;
  /** Functions whose bodies were already walked from this statement. */
  followed: Set<ts.Node>;
}

/** Top-level statements that run no code when the module loads. */
function runsNothing(statement: ts.Statement): boolean {
  return (
    ts.isFunctionDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isImportDeclaration(statement) ||
    ts.isExportDeclaration(statement)
  );
}

/** The top-level function declaration of this file that `identifier` refers to, if any. */
function topLevelFunction(identifier: ts.Identifier, context: FileContext): ts.FunctionDeclaration | undefined {
  const declaration = mainDeclaration(context.checker.getSymbolAtLocation(identifier));
  if (declaration === undefined || !ts.isFunctionDeclaration(declaration) || declaration.name === identifier) {
    return undefined;
  }
  return declaration.parent === context.sourceFile && declaration.body !== undefined ? declaration : undefined;
}

function isCallee(node: ts.Node): boolean {
  return (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && node.parent.expression === node;
}

/** The parts of a class that run when its declaration runs: the base, static initializers and blocks. */
function classLoadTimeParts(node: ts.ClassLikeDeclaration): ts.Node[] {
  const parts: ts.Node[] = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => type.expression));
  for (const member of node.members) {
    const isStatic = (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
    if (ts.isClassStaticBlockDeclaration(member)) {
      parts.push(member.body);
    } else if (ts.isPropertyDeclaration(member) && isStatic && member.initializer !== undefined) {
      parts.push(member.initializer);
    }
  }
  return parts;
}

/** Reports a use of `target` at load time if it is declared later; follows a call into it if not. */
function visitFunctionUse(identifier: ts.Identifier, target: ts.FunctionDeclaration, walk: LoadTimeWalk): void {
  const { context } = walk;
  const reportAt = walk.site ?? identifier;
  if (target.getStart() > walk.loadPoint) {
    const line = context.sourceFile.getLineAndCharacterOfPosition(target.getStart()).line + 1;
    const via = walk.chain.length > 0 ? ` (through ${walk.chain.join(" -> ")})` : "";
    const message = `\`${identifier.text}\` is used at load time${via} before its declaration on line ${line}`;
    context.report(reportAt, 14, `${message}; Espruino does not hoist functions`);
  } else if (isCallee(identifier) && !walk.followed.has(target) && target.body !== undefined) {
    walk.followed.add(target);
    walkLoadTime(target.body, { ...walk, chain: [...walk.chain, identifier.text], site: reportAt });
  }
}

/**
 * Walks code that runs while the module loads. A call to an earlier function is followed into its
 * body, since that body runs now too; nested functions and types are not walked (they run later,
 * or never).
 */
function walkLoadTime(node: ts.Node, walk: LoadTimeWalk): void {
  if (ts.isTypeNode(node) || ts.isFunctionLike(node)) {
    return;
  }
  if (ts.isClassLike(node)) {
    classLoadTimeParts(node).forEach((part) => walkLoadTime(part, walk));
    return;
  }
  const target = ts.isIdentifier(node) ? topLevelFunction(node, walk.context) : undefined;
  if (target !== undefined) {
    visitFunctionUse(node as ts.Identifier, target, walk);
    return;
  }
  ts.forEachChild(node, (child) => walkLoadTime(child, walk));
}

/**
 * Reports each use of a function declared in `block` by a statement of that block that comes
 * before the declaration, outside nested functions (which run later): Espruino defines a nested
 * function, like a top-level one, only when its declaration is reached.
 */
function checkBlockOrder(block: ts.Block, context: FileContext): void {
  const declared = new Map<ts.Symbol, ts.FunctionDeclaration>();
  for (const statement of block.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      const symbol = context.checker.getSymbolAtLocation(statement.name);
      if (symbol !== undefined) declared.set(symbol, statement);
    }
  }
  if (declared.size === 0) return;
  const visit = (node: ts.Node, before: number): void => {
    if (ts.isFunctionLike(node) || ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node)) {
      const symbol = context.checker.getSymbolAtLocation(node);
      const target = symbol === undefined ? undefined : declared.get(symbol);
      if (target !== undefined && target.getStart() > before && target.name !== node) {
        const line = context.sourceFile.getLineAndCharacterOfPosition(target.getStart()).line + 1;
        context.report(node, 14, `\`${node.text}\` is used before its declaration on line ${line} is reached; Espruino does not hoist functions`);
      }
      return;
    }
    ts.forEachChild(node, (child) => visit(child, before));
  };
  for (const statement of block.statements) {
    if (!ts.isFunctionDeclaration(statement)) visit(statement, statement.getStart());
  }
}

/** Every block of statements in `node`'s functions (where nested functions are declared). */
function forEachFunctionBlock(node: ts.Node, action: (block: ts.Block) => void): void {
  if (ts.isBlock(node)) action(node);
  ts.forEachChild(node, (child) => forEachFunctionBlock(child, action));
}

/**
 * Rule 14: code that runs at load time (top-level statements, initialisers of top-level
 * declarations, static class parts, and the functions they call) may use only functions declared
 * above the top-level statement that runs it; and inside any block, a statement may use only the
 * functions of that block declared above it.
 */
export const checkLoadOrder: FileRule = (context) => {
  for (const statement of context.sourceFile.statements) {
    if (!runsNothing(statement)) {
      walkLoadTime(statement, { context, loadPoint: statement.getStart(), chain: [], site: undefined, followed: new Set() });
    }
  }
  forEachFunctionBlock(context.sourceFile, (block) => checkBlockOrder(block, context));
};
