import ts from "typescript";
import type { FileRule } from "./context";

function isExported(statement: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
  return modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isModuleSyntax(statement: ts.Statement): boolean {
  return (
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isExportDeclaration(statement) ||
    ts.isExportAssignment(statement) ||
    isExported(statement)
  );
}

/** Rule 15: every file is a module, so nothing it declares becomes a global. */
export const checkModuleFile: FileRule = (context) => {
  const file = context.sourceFile;
  if (!file.statements.some(isModuleSyntax)) {
    context.report(file.statements[0] ?? file, 15, "the file has no import or export, so its declarations are globals");
  }
};
