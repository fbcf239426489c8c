import ts from 'typescript';

/**
 * A JavaScript module as its syntax tree, one node a line (kind, and the text of names and
 * literals): two texts give the same result exactly when they are the same program, whatever
 * their layout, comments, quotes or trailing commas. Throws on a syntax error or on syntax only
 * TypeScript has (annotations, type imports, type declarations, `as`, `!`).
 */
export function programOf(text: string): string {
  const file = ts.createSourceFile('module.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const errors = (file as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (errors.length > 0) throw new Error(`not JavaScript: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`);
  const lines: string[] = [];
  const visit = (node: ts.Node, depth: number) => {
    if (typeScriptOnly(node)) throw new Error(`not JavaScript: ${node.getText(file)}`);
    let line = `${'  '.repeat(depth)}${ts.SyntaxKind[node.kind]}`;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) line += ` ${node.text}`;
    else if (node.kind >= ts.SyntaxKind.FirstLiteralToken && node.kind <= ts.SyntaxKind.LastTemplateToken)
      line += ` ${JSON.stringify((node as ts.LiteralLikeNode).text)}`;
    else if (ts.isVariableDeclarationList(node))
      line += node.flags & ts.NodeFlags.Const ? ' const' : node.flags & ts.NodeFlags.Let ? ' let' : ' var';
    lines.push(line);
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(file, 0);
  return lines.join('\n');
}

function typeScriptOnly(node: ts.Node): boolean {
  const typed = node as {
    type?: ts.Node;
    typeArguments?: unknown;
    typeParameters?: unknown;
    isTypeOnly?: boolean;
    questionToken?: unknown;
  };
  return (
    (typed.type !== undefined && ts.isTypeNode(typed.type)) ||
    typed.typeArguments !== undefined ||
    typed.typeParameters !== undefined ||
    typed.isTypeOnly === true ||
    (ts.isParameter(node) && node.questionToken !== undefined) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}
