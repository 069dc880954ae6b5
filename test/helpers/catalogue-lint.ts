/**
 * Issue 24's lint over the render layer: a string literal holding English words in a file that writes
 * for people is text that bypasses the message catalogue (src/i18n/messages), unless it is not prose:
 * markup, CSS, a command or option as typed, a key or an enum value, a comparison with data, an
 * internal error (a bug's message, not the user's). What is left is a finding; the test lists the few
 * accepted ones with their reason.
 */
import ts from 'typescript';
import { COMMAND_WORDS } from './english-words.js';

export interface Finding {
  line: number;
  /** The literal's text (a template's substitutions shown as …). */
  text: string;
}

/** CSS properties the render layer writes (a `name: value;` with one of these is a declaration, not prose). */
const CSS_PROPERTY = /(?:^|[\s;{"'])(?:-?(?:margin|padding|border|font|color|background|width|height|text|vertical|white|display|flex|gap|max|min|size|page|line|letter|overflow|position|top|left|right|bottom|box|break|fill|stroke|opacity|align|justify|grid|list|table|caption|content|word|cursor|float|clear|transform|outline|shape|dominant|stop|visibility)(?:-[a-z]+)*)\s*:[^;"{}]*(?:;|(?=["}])|$)/g;

/** Calls whose first argument is a catalogue key or a phrase's key, or text compared with data, never text shown. */
const KEY_CALLS = new Set(['t', 'said', 'phrase', 'term', 'startsWith', 'endsWith', 'includes', 'indexOf']);

/** A call that takes a key first: one of KEY_CALLS, or a catalogue's phrase builder (errorPhrase, importPhrase, valuePhrase …). */
const takesKey = (name: string) => KEY_CALLS.has(name) || /^[a-z]+Phrase$/.test(name);

/** Properties whose value is shown as a heading or label: a single word there is text. */
const TEXT_PROPERTIES = new Set(['title', 'label', 'heading', 'caption', 'message', 'hint', 'text']);

/** The text left of a literal once what is not prose is taken out. */
export function prose(text: string): string {
  return text
    .replace(/<\/?[A-Za-z!][^>]*(?:>|$)/g, ' ') // tags, also one cut by a ${…}
    .replace(/^[^<>]*?"[^<>]*>/g, ' ') // the rest of a tag a ${…} interrupted: `" class="n">`
    .replace(/[a-z][a-z-]*="[^"]*"?/g, ' ') // attributes
    .replace(CSS_PROPERTY, ' ')
    .replace(/@[a-z-]+[^{]*\{|[\w.#:,\s>*-]*\{|\}/g, ' ') // CSS at-rules and selectors
    .replace(/&[a-z]+;|&#\d+;/g, ' ') // entities
    .replace(TYPED_COMMAND, ' ') // a csops command as typed
    .replace(/--[a-z][\w-]*(?: (?:json|ndjson|csv|md|html|table)\b)?/g, ' ') // an option, with a format it names
    .replace(/\b[A-Z][A-Z0-9]+s?\b/g, ' '); // codes and units: ARR, SLA, CSV, SD
}

/** csops, its commands, options (with a format they name) and arguments that are ids, numbers or placeholders. */
const TYPED_COMMAND = new RegExp(`\\bcsops(?: +(?:(?:${[...COMMAND_WORDS].join('|')})(?![\\w-])|--[a-z][\\w-]*(?: (?:json|ndjson|csv|md|html|table)\\b)?|<[^>\\s]+>|[^\\s]*\\d[^\\s]*|…))*`, 'g');

const englishIn = (text: string) => /[A-Za-z]{2,}/.test(prose(text));

/** An identifier, key, enum value, format or CSS class: one token with no space. */
const isToken = (text: string) => /^[\w.:#/@*|+…-]*$/.test(text);

function callName(node: ts.CallExpression | ts.NewExpression): string {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** Where a literal never reaches people as text: a key, a comparison, an import, a type, an internal error. */
function notOutput(literal: ts.Node): boolean {
  // `key as MessageKey`, (text), text!: what matters is where the expression goes
  let node = literal;
  while (ts.isAsExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isSatisfiesExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isCaseClause(parent) || ts.isElementAccessExpression(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InKeyword].includes(parent.operatorToken.kind)) return true;
  // an internal error: a bug's message (the top-level catch says so and asks for a report), not the user's
  for (let up: ts.Node | undefined = parent; up !== undefined && !ts.isFunctionLike(up); up = up.parent) {
    if (ts.isNewExpression(up) && callName(up) === 'Error') return true;
  }
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && takesKey(callName(parent)) && parent.arguments?.[0] === node;
}

/** What a template's substitution reads as: a value, part of whatever surrounds it (a key, a CSS value, a sentence). */
const SUBSTITUTION = '…';

/** The text of a string or template literal, its substitutions as …; undefined for other nodes. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `${SUBSTITUTION}${span.literal.text}`).join('');
  return undefined;
}

/** The literals of a source file that hold English prose. */
export function englishLiterals(source: string, fileName = 'source.ts'): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined && !notOutput(node)) {
      const parent = node.parent;
      const shownAsText = ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && TEXT_PROPERTIES.has(parent.name.text);
      if ((shownAsText || !isToken(text)) && englishIn(text)) findings.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    // A template's parts are read as one text above: its substitutions are visited, its literal parts are not again.
    if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

/**
 * The error classes whose message and hint the top-level catch prints for people (src/errors.ts): every
 * CsopsError but InternalError, whose message is a bug's (main.ts asks for a report, in any language).
 */
export const USER_ERRORS: ReadonlySet<string> = new Set(['CsopsError', 'UsageError', 'DataError', 'InputError', 'BusyError', 'DeliveryError', 'CannotCreateError', 'IoError', 'PermissionError', 'FailOnError']);

/**
 * The literals holding English prose anywhere in the arguments of a `new UsageError(…)` (or another of
 * USER_ERRORS): a message or hint written in English in place, or a value of a phrase's params that is
 * English words ('this command', 'binary value (BLOB)'). A catalogue key (errorPhrase('error.…')) and
 * what is not prose (a flag, a command, a path, an id) are not findings.
 *
 * A local variable whose value becomes the text (`const hint = \`…\`; throw new DataError(message,
 * hint)`, or a phrase's value `{ what }`) is followed to what it is given: its initializer and any
 * `name = …` assignment, read as the argument would be. A simple heuristic, not a type checker:
 * - followed where the value is the text: the argument itself, a branch of `?:`, `??`, `||`, `&&`, a
 *   part of `+` or of a template, an array item, or a value given to a phrase builder (errorPhrase(…));
 *   not the input of another call (`maskUrl(url)`), an object whose property is read (`entry.name`),
 *   or a function called;
 * - looked up by name in the enclosing functions, innermost first: block scopes are not told apart
 *   (every same-named declaration of that function is read, a sibling block's too). Module constants,
 *   parameters and imports are not followed: tables of data and the callers' text are checked where
 *   they are written, or not at all.
 */
export function errorLiterals(source: string, fileName = 'source.ts'): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const seen = new Set<ts.Node>();
  const report = (node: ts.Node, text: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    findings.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  };
  // Each variable's values read once each way (as an argument itself, where one word counts, or deeper).
  const followed = new Map<ts.Node, boolean>();
  // `argument`: the message or hint itself, where even one word is text; deeper, one token is a key, a file name or a value.
  // `root`: the argument, or the followed variable's value, that `node` is part of.
  const inArguments = (node: ts.Node, argument: boolean, root: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined && !notOutput(node) && (argument || !isToken(text)) && englishIn(text)) report(node, text);
    const name = referencedName(node);
    if (name !== undefined && becomesText(node, root)) {
      for (const value of valuesOf(name)) {
        if (followed.get(value) === true || followed.get(value) === argument) continue;
        followed.set(value, argument);
        inArguments(value, argument, value);
      }
    }
    if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) inArguments(span.expression, false, root);
    else ts.forEachChild(node, (child) => inArguments(child, false, root));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && USER_ERRORS.has(callName(node))) for (const argument of node.arguments ?? []) inArguments(argument, true, argument);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return findings.sort((a, b) => a.line - b.line);
}

/** The identifier a node reads as a value (`hint`, `{ hint }`), not a property's, a declaration's or a called function's name; else undefined. */
function referencedName(node: ts.Node): ts.Identifier | undefined {
  if (ts.isShorthandPropertyAssignment(node)) return node.name;
  if (!ts.isIdentifier(node)) return undefined;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return undefined;
  if ((ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node) return undefined;
  if (ts.isFunctionLike(parent) || ts.isClassLike(parent)) return undefined;
  // a function called, not text: errorPhrase(…), quoted(…)
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) return undefined;
  return node;
}

const PASSES_VALUE = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken]);

/** Whether `node`'s value ends up in the text `root` gives (see errorLiterals), rather than being read or transformed by other code. */
function becomesText(node: ts.Node, root: ts.Node): boolean {
  for (let child = node; child !== root; child = child.parent) {
    const parent = child.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent)) continue;
    if (ts.isTemplateSpan(parent) || ts.isTemplateExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) || ts.isObjectLiteralExpression(parent)) continue;
    if (ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === child)) continue;
    if (ts.isConditionalExpression(parent) && parent.condition !== child) continue;
    if (ts.isBinaryExpression(parent) && PASSES_VALUE.has(parent.operatorToken.kind)) continue;
    if (ts.isCallExpression(parent) && takesKey(callName(parent)) && parent.arguments.includes(child as ts.Expression)) continue;
    return false;
  }
  return true;
}

/**
 * What a local `const`/`let`/`var` named like `name` is given: its initializer and the right side of
 * each `name = …`, from the innermost enclosing function (or arrow) that declares it; none for a
 * module constant, a parameter or an import.
 */
function valuesOf(name: ts.Identifier): ts.Expression[] {
  for (let scope: ts.Node | undefined = name.parent; scope !== undefined && !ts.isSourceFile(scope); scope = scope.parent) {
    if (!ts.isFunctionLike(scope)) continue;
    const values: ts.Expression[] = [];
    let declared = false;
    const walk = (node: ts.Node): void => {
      // A nested function's own variables are not this scope's (its assignments to ours are read, though).
      if (node !== scope && ts.isFunctionLike(node)) {
        ts.forEachChild(node, (child) => walkAssignments(child));
        return;
      }
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text) {
        declared = true;
        if (node.initializer) values.push(node.initializer);
      }
      walkAssignments(node, false);
      ts.forEachChild(node, walk);
    };
    const walkAssignments = (node: ts.Node, descend = true): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name.text) values.push(node.right);
      if (descend) ts.forEachChild(node, (child) => walkAssignments(child));
    };
    ts.forEachChild(scope, walk);
    if (declared) return values;
  }
  return [];
}
