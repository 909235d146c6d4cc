import ts from "typescript";

/** True when `file` is the project's own source, not a TypeScript lib or an installed package. */
export function isProjectFile(program: ts.Program, file: ts.SourceFile): boolean {
  return (
    !program.isSourceFileDefaultLibrary(file) &&
    !program.isSourceFileFromExternalLibrary(file) &&
    !file.fileName.includes("/node_modules/")
  );
}

/** The symbol `node` names, with imports followed to what they import. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) {
    return checker.getAliasedSymbol(symbol);
  }
  return symbol;
}

/**
 * True when `node` names something the engine provides (declared only in a TypeScript lib or an
 * installed package such as @types/node), or names nothing the checker knows.
 */
export function namesBuiltin(program: ts.Program, checker: ts.TypeChecker, node: ts.Node): boolean {
  const declarations = resolvedSymbol(checker, node)?.declarations ?? [];
  return declarations.every((declaration) => !isProjectFile(program, declaration.getSourceFile()));
}

/** The declaration a symbol stands for: its value declaration, else its first declaration. */
export function mainDeclaration(symbol: ts.Symbol | undefined): ts.Declaration | undefined {
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** `expression` without any parentheses around it. */
export function unparenthesized(expression: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(expression) ? unparenthesized(expression.expression) : expression;
}

/** True when every part of `type` is string-like (a string, a string literal, a template type). */
export function isStringType(type: ts.Type): boolean {
  if (type.isUnion()) {
    return type.types.every(isStringType);
  }
  return (type.flags & ts.TypeFlags.StringLike) !== 0;
}

/** A short name for a function-like node, for messages. */
export function functionName(node: ts.Node): string {
  const named = ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent) ? node.parent : node;
  const name = ts.getNameOfDeclaration(named as ts.Declaration);
  return name !== undefined ? name.getText() : "(anonymous)";
}
