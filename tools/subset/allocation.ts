import ts from "typescript";
import type { FileContext, NodeRule } from "./context";
import { isHotPath, namedFunctionDeclaration, promisesNoAllocation } from "./hot-path";
import { functionName, isProjectFile, isStringType, mainDeclaration, namesBuiltin, resolvedSymbol } from "./symbols";

/** Constructs that allocate every time they run (rule 17), or build a pcall closure (rule 16). */
const ALLOCATING_SYNTAX = new Map<ts.SyntaxKind, { rule: number; what: string }>([
  [ts.SyntaxKind.NewExpression, { rule: 17, what: "`new` allocates" }],
  [ts.SyntaxKind.ObjectLiteralExpression, { rule: 17, what: "an object literal allocates" }],
  [ts.SyntaxKind.ArrayLiteralExpression, { rule: 17, what: "an array literal allocates" }],
  [ts.SyntaxKind.ArrowFunction, { rule: 17, what: "an arrow function allocates a closure" }],
  [ts.SyntaxKind.FunctionExpression, { rule: 17, what: "a function expression allocates a closure" }],
  [ts.SyntaxKind.FunctionDeclaration, { rule: 17, what: "a nested function allocates a closure" }],
  [ts.SyntaxKind.ClassExpression, { rule: 17, what: "a class expression allocates" }],
  [ts.SyntaxKind.TemplateExpression, { rule: 17, what: "a template literal builds a string" }],
  [ts.SyntaxKind.TaggedTemplateExpression, { rule: 17, what: "a tagged template allocates" }],
  [ts.SyntaxKind.TryStatement, { rule: 16, what: "`try` compiles to a pcall closure on Lua" }],
]);

/** Built-in methods that return a new string, array or closure result. */
const ALLOCATING_METHODS = new Set([
  "slice", "map", "split", "concat", "substring", "substr", "filter", "join", "reduce", "forEach",
  "toString", "toUpperCase", "toLowerCase", "trim", "replace", "padStart", "padEnd", "repeat",
]);

/** Built-in functions that return a new string, array or object, by rule, keyed as called. */
const ALLOCATING_FUNCTIONS = new Map<string, number>([
  ["String", 17],
  ["Object.keys", 17],
  ["Object.values", 17],
  ["Object.entries", 13],
  ["JSON.stringify", 17],
  ["JSON.parse", 17],
]);

/** Rules 16 and 17 (and rule 13's `Object.entries`): checks the body of every hot-path function. */
export const checkHotPath: NodeRule = (node, context) => {
  if (!ts.isFunctionLike(node) || !isHotPath(node)) {
    return;
  }
  const body = (node as ts.FunctionLikeDeclaration).body;
  if (body === undefined) {
    return;
  }
  const owner = functionName(node);
  const visit = (child: ts.Node): void => {
    const allocation = ALLOCATING_SYNTAX.get(child.kind);
    if (allocation !== undefined) {
      context.report(child, allocation.rule, `${allocation.what} on the hot path (in \`${owner}\`)`);
    }
    if (ts.isBinaryExpression(child)) {
      checkConcatenation(child, owner, context);
    }
    if (ts.isCallExpression(child)) {
      checkCall(child, body, owner, context);
    }
    if (!ts.isFunctionLike(child) && !ts.isClassLike(child)) {
      ts.forEachChild(child, visit);
    }
  };
  visit(body);
};

function checkConcatenation(expression: ts.BinaryExpression, owner: string, context: FileContext): void {
  const operator = expression.operatorToken.kind;
  if (operator !== ts.SyntaxKind.PlusToken && operator !== ts.SyntaxKind.PlusEqualsToken) {
    return;
  }
  if (isStringType(context.checker.getTypeAtLocation(expression))) {
    context.report(expression, 17, `string concatenation allocates on the hot path (in \`${owner}\`)`);
  }
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}

/**
 * Checks a call made by a hot-path function whose body is `body`: built-in methods that allocate,
 * project functions not marked hot, and interface members that do not promise not to allocate.
 * Calls to closures made inside `body` itself are left alone: making them is already a finding.
 */
function checkCall(call: ts.CallExpression, body: ts.Node, owner: string, context: FileContext): void {
  const callee = call.expression;
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const declaration = mainDeclaration(resolvedSymbol(context.checker, nameNode));
  const name = nameNode.getText();
  if (declaration === undefined || !isProjectFile(context.program, declaration.getSourceFile())) {
    checkBuiltinCall(call, name, owner, context);
    return;
  }
  if (isInside(declaration, body)) {
    return;
  }
  if (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) {
    if (!promisesNoAllocation(declaration)) {
      context.report(call, 17, `hot-path \`${owner}\` calls \`${name}\`, whose interface does not say "Never allocates"`);
    }
    return;
  }
  if (namedFunctionDeclaration(declaration) !== undefined && !isHotPath(declaration)) {
    context.report(call, 17, `hot-path \`${owner}\` calls \`${name}\`, which is not marked @hotpath`);
  }
}

function checkBuiltinCall(call: ts.CallExpression, name: string, owner: string, context: FileContext): void {
  const callee = call.expression;
  const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  const functionRule = ALLOCATING_FUNCTIONS.get(callee.getText());
  if (functionRule !== undefined && namesBuiltin(context.program, context.checker, root)) {
    context.report(call, functionRule, `\`${callee.getText()}()\` allocates on the hot path (in \`${owner}\`)`);
  } else if (ts.isPropertyAccessExpression(callee) && ALLOCATING_METHODS.has(name)) {
    context.report(call, 17, `\`.${name}()\` allocates on the hot path (in \`${owner}\`)`);
  }
}
