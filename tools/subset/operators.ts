import ts from "typescript";
import type { NodeRule } from "./context";

interface OperatorBan {
  rule: number;
  why: string;
}

const BITWISE: OperatorBan = { rule: 2, why: "bitwise operators do not compile for Lua 5.1; use %, + and (n - n % d) / d" };
const POWER: OperatorBan = { rule: 5, why: "Espruino lacks `**`" };
const LOOSE_EQUALITY: OperatorBan = { rule: 9, why: "use `===` or `!==`" };
const NULLISH: OperatorBan = { rule: 13, why: "Espruino lacks `??`" };
const LOGICAL_ASSIGNMENT: OperatorBan = { rule: 13, why: "Espruino lacks logical assignment" };

/** Binary and compound-assignment operators the subset forbids, by token. */
const BINARY_BANS = new Map<ts.SyntaxKind, OperatorBan>([
  [ts.SyntaxKind.AmpersandToken, BITWISE],
  [ts.SyntaxKind.BarToken, BITWISE],
  [ts.SyntaxKind.CaretToken, BITWISE],
  [ts.SyntaxKind.LessThanLessThanToken, BITWISE],
  [ts.SyntaxKind.GreaterThanGreaterThanToken, BITWISE],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, BITWISE],
  [ts.SyntaxKind.AmpersandEqualsToken, BITWISE],
  [ts.SyntaxKind.BarEqualsToken, BITWISE],
  [ts.SyntaxKind.CaretEqualsToken, BITWISE],
  [ts.SyntaxKind.LessThanLessThanEqualsToken, BITWISE],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, BITWISE],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, BITWISE],
  [ts.SyntaxKind.AsteriskAsteriskToken, POWER],
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken, POWER],
  [ts.SyntaxKind.EqualsEqualsToken, LOOSE_EQUALITY],
  [ts.SyntaxKind.ExclamationEqualsToken, LOOSE_EQUALITY],
  [ts.SyntaxKind.QuestionQuestionToken, NULLISH],
  [ts.SyntaxKind.QuestionQuestionEqualsToken, NULLISH],
  [ts.SyntaxKind.AmpersandAmpersandEqualsToken, LOGICAL_ASSIGNMENT],
  [ts.SyntaxKind.BarBarEqualsToken, LOGICAL_ASSIGNMENT],
]);

/** Rules 2, 5, 9 and 13: operators the subset forbids (`~` included). */
export const checkOperator: NodeRule = (node, context) => {
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.TildeToken) {
    context.report(node, BITWISE.rule, `\`~\`: ${BITWISE.why}`);
    return;
  }
  if (!ts.isBinaryExpression(node)) {
    return;
  }
  const ban = BINARY_BANS.get(node.operatorToken.kind);
  if (ban !== undefined) {
    context.report(node.operatorToken, ban.rule, `\`${node.operatorToken.getText()}\`: ${ban.why}`);
  }
};
