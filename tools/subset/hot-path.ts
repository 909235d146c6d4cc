import ts from "typescript";

/**
 * Which functions are on the hot path. A function is when its JSDoc carries `@hotpath`, or when it
 * lives in a file whose first comment carries `@hotpath-module`, unless its JSDoc says it
 * "Allocates" (the project's phrase for creation-time functions such as `newDecoder`).
 * Constructors are never hot: they run only through `new`, which the hot path may not use.
 */

/** The phrase that marks a creation-time function inside a `@hotpath-module` file. */
const CREATION_TIME = /(?<!Never )\bAllocates\b/;

/** The phrase by which an interface member promises the hot path may call it. */
const NEVER_ALLOCATES = /\bNever allocates\b/;

/** True when the first comment of `file` carries `@hotpath-module`. */
function isHotPathModule(file: ts.SourceFile): boolean {
  const first = ts.getLeadingCommentRanges(file.text, 0)?.[0];
  return first !== undefined && /@hotpath-module\b/.test(file.text.slice(first.pos, first.end));
}

/**
 * The node a function's doc comment hangs on: the function itself, or the variable or property
 * declaration whose initializer it is. Undefined for anything that is not a named function.
 */
export function namedFunctionDeclaration(node: ts.Node): ts.Declaration | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
    return node;
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && isNamingParent(node.parent, node)) {
    return node.parent as ts.Declaration;
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer !== undefined) {
    const initializer = node.initializer;
    return ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer) ? node : undefined;
  }
  return undefined;
}

function isNamingParent(parent: ts.Node, child: ts.Node): boolean {
  return (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === child;
}

function hasTag(node: ts.Node, tagName: string): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === tagName);
}

/** True when `node` (a function, method, or a declaration initialised with one) is on the hot path. */
export function isHotPath(node: ts.Node): boolean {
  const declaration = namedFunctionDeclaration(node);
  if (declaration === undefined) {
    return false;
  }
  if (hasTag(declaration, "hotpath")) {
    return true;
  }
  return isHotPathModule(declaration.getSourceFile()) && !docMentions(declaration, CREATION_TIME);
}

function docMentions(node: ts.Node, phrase: RegExp): boolean {
  return ts.getJSDocCommentsAndTags(node).some((doc) => phrase.test(doc.getText()));
}

/**
 * True when an interface member promises not to allocate: its own doc comment or its interface's
 * says "Never allocates", or carries `@hotpath`.
 */
export function promisesNoAllocation(member: ts.Node): boolean {
  const owner = member.parent;
  return (
    docMentions(member, NEVER_ALLOCATES) ||
    hasTag(member, "hotpath") ||
    (ts.isInterfaceDeclaration(owner) && docMentions(owner, NEVER_ALLOCATES))
  );
}
