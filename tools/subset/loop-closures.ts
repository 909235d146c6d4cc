import ts from "typescript";
import type { FileContext, NodeRule } from "./context";

/** The variables a `for (let ...)`, `for (const ...)` or `for (let ... of ...)` loop declares. */
function loopVariables(loop: ts.ForStatement | ts.ForOfStatement, context: FileContext): Map<ts.Symbol, string> {
  const variables = new Map<ts.Symbol, string>();
  const initializer = loop.initializer;
  if (initializer === undefined || !ts.isVariableDeclarationList(initializer)) {
    return variables;
  }
  if ((initializer.flags & ts.NodeFlags.BlockScoped) === 0) {
    return variables;
  }
  for (const declaration of initializer.declarations) {
    const symbol = ts.isIdentifier(declaration.name) ? context.checker.getSymbolAtLocation(declaration.name) : undefined;
    if (symbol !== undefined) {
      variables.set(symbol, declaration.name.getText());
    }
  }
  return variables;
}

/** The loop variables `closure` refers to, by name. */
function capturedNames(closure: ts.Node, variables: Map<ts.Symbol, string>, context: FileContext): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const symbol = context.checker.getSymbolAtLocation(node);
      const name = symbol !== undefined ? variables.get(symbol) : undefined;
      if (name !== undefined) {
        names.add(name);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(closure);
  return names;
}

/**
 * Rule 12: no closure inside a `for (let ...)` loop that captures the loop variable. On Lua and
 * Espruino every iteration shares one binding, so the closure sees the last value.
 */
export const checkLoopClosure: NodeRule = (node, context) => {
  if (!ts.isForStatement(node) && !ts.isForOfStatement(node)) {
    return;
  }
  const variables = loopVariables(node, context);
  if (variables.size === 0) {
    return;
  }
  const visit = (child: ts.Node): void => {
    if (ts.isFunctionLike(child)) {
      for (const name of capturedNames(child, variables, context)) {
        context.report(child, 12, `a closure captures \`${name}\`, the variable of an enclosing \`for (let ...)\` loop`);
      }
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
};
