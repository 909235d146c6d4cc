import ts from "typescript";
import type { FileContext, NodeRule } from "./context";
import { unparenthesized } from "./symbols";

/** The largest magnitude a 32-bit integer can hold (rule 1): 2^31 - 1, or 2^31 when negated. */
const INT32_MAX = 2147483647;

/** Rule 1: every numeric literal is an integer within ±2^31; no BigInt. */
export const checkNumericLiteral: NodeRule = (node, context) => {
  if (ts.isBigIntLiteral(node)) {
    context.report(node, 1, `BigInt literal \`${node.getText()}\`: integers only, within ±2^31`);
    return;
  }
  if (!ts.isNumericLiteral(node)) {
    return;
  }
  const value = Number(node.text);
  const parent = node.parent;
  const negated = ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.MinusToken;
  if (!Number.isInteger(value)) {
    context.report(node, 1, `\`${node.getText()}\` is not an integer`);
  } else if (value > (negated ? INT32_MAX + 1 : INT32_MAX)) {
    context.report(node, 1, `\`${node.getText()}\` is outside the 32-bit integer range (±2^31)`);
  }
};

/** Rule 3: `%` where an operand is negative: a unary minus, or a negative literal type. */
export const checkNegativeModulo: NodeRule = (node, context) => {
  if (!ts.isBinaryExpression(node)) {
    return;
  }
  const operator = node.operatorToken.kind;
  if (operator !== ts.SyntaxKind.PercentToken && operator !== ts.SyntaxKind.PercentEqualsToken) {
    return;
  }
  const negative = [node.left, node.right].find((operand) => isNegative(operand, context));
  if (negative !== undefined) {
    context.report(node, 3, `\`%\` on a negative operand (\`${negative.getText()}\`): JS and Lua disagree on the sign`);
  }
};

function isNegative(operand: ts.Expression, context: FileContext): boolean {
  const bare = unparenthesized(operand);
  if (ts.isPrefixUnaryExpression(bare) && bare.operator === ts.SyntaxKind.MinusToken) {
    return true;
  }
  const type = context.checker.getTypeAtLocation(bare);
  return type.isNumberLiteral() && type.value < 0;
}
