import ts from "typescript";
import type { FileContext, NodeRule } from "./context";
import { mainDeclaration, namesBuiltin, resolvedSymbol, unparenthesized } from "./symbols";

/** One construct the subset forbids: its rule, what to call it, and how to recognise it. */
interface SyntaxBan {
  rule: number;
  what: string;
  matches(node: ts.Node, context: FileContext): boolean;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

function extendsClause(node: ts.Node): ts.ExpressionWithTypeArguments | undefined {
  const clauses = ts.isClassLike(node) ? node.heritageClauses : undefined;
  return clauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
}

const isNull = (node: ts.Node): boolean => node.kind === ts.SyntaxKind.NullKeyword;

const isHole = (node: ts.Node): boolean => ts.isOmittedExpression(node) && ts.isArrayLiteralExpression(node.parent);

function isUndefinedElement(node: ts.Node): boolean {
  const isUndefined = (ts.isIdentifier(node) && node.text === "undefined") || ts.isVoidExpression(node);
  return isUndefined && ts.isArrayLiteralExpression(node.parent);
}

function isTypeofObjectTest(node: ts.Node): boolean {
  if (!ts.isBinaryExpression(node)) {
    return false;
  }
  const sides = [unparenthesized(node.left), unparenthesized(node.right)];
  return sides.some(ts.isTypeOfExpression) && sides.some((side) => ts.isStringLiteral(side) && side.text === "object");
}

/** A binding pattern, or an object or array literal assigned to (`[a, b] = ...`, `for ([a] of ...)`). */
function isDestructuring(node: ts.Node): boolean {
  if (ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) {
    return true;
  }
  if (!ts.isObjectLiteralExpression(node) && !ts.isArrayLiteralExpression(node)) {
    return false;
  }
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && unparenthesized(parent.left) === node;
  }
  return ts.isForOfStatement(parent) && parent.initializer === node;
}

const isSpread = (node: ts.Node): boolean => ts.isSpreadElement(node) || ts.isSpreadAssignment(node);

const isRestParameter = (node: ts.Node): boolean => ts.isParameter(node) && node.dotDotDotToken !== undefined;

const isDefaultParameter = (node: ts.Node): boolean => ts.isParameter(node) && node.initializer !== undefined;

function isOptionalChain(node: ts.Node): boolean {
  const link = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node);
  return link && node.questionDotToken !== undefined;
}

const isAccessor = (node: ts.Node): boolean => ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

function isGenerator(node: ts.Node): boolean {
  const star = ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).asteriskToken !== undefined;
  return star || ts.isYieldExpression(node);
}

const isAsync = (node: ts.Node): boolean => hasModifier(node, ts.SyntaxKind.AsyncKeyword) || ts.isAwaitExpression(node);

function extendsBuiltin(node: ts.Node, context: FileContext): boolean {
  const base = extendsClause(node)?.expression;
  const named = base !== undefined && (ts.isIdentifier(base) || ts.isPropertyAccessExpression(base));
  return named && namesBuiltin(context.program, context.checker, base);
}

function isStaticMemberOfSubclass(node: ts.Node): boolean {
  return ts.isClassElement(node) && hasModifier(node, ts.SyntaxKind.StaticKeyword) && extendsClause(node.parent) !== undefined;
}

function extendsClassWithStatics(node: ts.Node, context: FileContext): boolean {
  const base = extendsClause(node)?.expression;
  const declaration = base !== undefined ? mainDeclaration(resolvedSymbol(context.checker, base)) : undefined;
  return (
    declaration !== undefined &&
    ts.isClassLike(declaration) &&
    declaration.members.some((member) => hasModifier(member, ts.SyntaxKind.StaticKeyword))
  );
}

/** Rules 8, 10, 11 and 13, one construct per row. */
const SYNTAX_BANS: SyntaxBan[] = [
  { rule: 8, what: "a regular expression (Lua has none)", matches: ts.isRegularExpressionLiteral },
  { rule: 10, what: "`null` (use `undefined`, and only for absent optional fields)", matches: isNull },
  { rule: 10, what: "a hole in an array literal", matches: isHole },
  { rule: 10, what: "`undefined` inside an array literal", matches: isUndefinedElement },
  { rule: 10, what: '`typeof ... === "object"`', matches: isTypeofObjectTest },
  { rule: 11, what: "`for...in`", matches: ts.isForInStatement },
  { rule: 13, what: "destructuring", matches: isDestructuring },
  { rule: 13, what: "spread", matches: isSpread },
  { rule: 13, what: "a rest parameter", matches: isRestParameter },
  { rule: 13, what: "a default parameter value", matches: isDefaultParameter },
  { rule: 13, what: "optional chaining `?.`", matches: isOptionalChain },
  { rule: 13, what: "a labelled statement", matches: ts.isLabeledStatement },
  { rule: 13, what: "a getter or setter", matches: isAccessor },
  { rule: 13, what: "a generator", matches: isGenerator },
  { rule: 13, what: "async/await", matches: isAsync },
  { rule: 13, what: "a `#private` name", matches: ts.isPrivateIdentifier },
  { rule: 13, what: "a class extending a built-in", matches: extendsBuiltin },
  { rule: 13, what: "a static member in a class that extends another", matches: isStaticMemberOfSubclass },
  { rule: 13, what: "a class extending a class with static members (subclasses inherit them)", matches: extendsClassWithStatics },
];

/** Rules 8, 10, 11 and 13: syntax the subset forbids. */
export const checkSyntax: NodeRule = (node, context) => {
  for (const ban of SYNTAX_BANS) {
    if (ban.matches(node, context)) {
      context.report(node, ban.rule, `${ban.what} is not in the subset`);
    }
  }
};
