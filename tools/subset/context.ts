import ts from "typescript";

/** One place where a checked file breaks a rule of SUBSET.md. */
export interface Finding {
  /** The file, relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based line of the offending code. */
  line: number;
  /** The rule's number in SUBSET.md. */
  rule: number;
  message: string;
}

/** What a rule sees while it checks one file. */
export interface FileContext {
  program: ts.Program;
  checker: ts.TypeChecker;
  sourceFile: ts.SourceFile;
  /** Records that `node` breaks `rule`. */
  report(node: ts.Node, rule: number, message: string): void;
}

/** A rule that looks at one node at a time; it is called for every node of every checked file. */
export type NodeRule = (node: ts.Node, context: FileContext) => void;

/** A rule that looks at a whole file at once. */
export type FileRule = (context: FileContext) => void;
