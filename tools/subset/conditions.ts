import ts from "typescript";
import type { FileContext, NodeRule } from "./context";
import { unparenthesized } from "./symbols";

function isLogical(expression: ts.Expression): expression is ts.BinaryExpression {
  if (!ts.isBinaryExpression(expression)) {
    return false;
  }
  const operator = expression.operatorToken.kind;
  return operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken;
}

/**
 * Reports `condition` unless its type is boolean. `&&` and `||` in a condition are looked into, so
 * the finding names the operand that is not a boolean.
 */
function requireBoolean(condition: ts.Expression, context: FileContext): void {
  const bare = unparenthesized(condition);
  if (isLogical(bare)) {
    requireBoolean(bare.left, context);
    requireBoolean(bare.right, context);
    return;
  }
  const { checker } = context;
  const type = checker.getTypeAtLocation(bare);
  if (!checker.isTypeAssignableTo(type, checker.getBooleanType())) {
    context.report(
      bare,
      9,
      `condition \`${bare.getText()}\` has type \`${checker.typeToString(type)}\`, not boolean (Lua treats 0, "" and NaN as true)`,
    );
  }
}

/** The expression a statement or operator tests for truth, if `node` is one that tests. */
function testedExpression(node: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
    return node.expression;
  }
  if (ts.isForStatement(node)) {
    return node.condition;
  }
  if (ts.isConditionalExpression(node)) {
    return node.condition;
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    return node.operand;
  }
  if (ts.isBinaryExpression(node) && isLogical(node)) {
    return node.left;
  }
  return undefined;
}

/**
 * Rule 9: conditions are real booleans. Checks if/while/do/for conditions, ternary conditions, the
 * operand of `!`, and the left operand of `&&` and `||` (which is always tested for truth).
 */
export const checkCondition: NodeRule = (node, context) => {
  const tested = testedExpression(node);
  if (tested !== undefined) {
    requireBoolean(tested, context);
  }
};
