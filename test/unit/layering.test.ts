import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The house rule (issue 19, README "How the code is laid out"): imports run one way,
 * cli → commands → import / db / render → core → config → errors, and nothing in src/ imports in a
 * loop. Type-only imports count: a type that two layers share lives in the lower one.
 */
const SRC = path.join(REPO_ROOT, 'src');
const LAYERS: Record<string, number> = { cli: 5, commands: 4, import: 3, db: 3, render: 3, net: 3, core: 2, i18n: 2, config: 1, 'errors.ts': 0, 'environment-errors.ts': 0, 'safe-files.ts': 0, 'package-root.ts': 0 };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file imports: static and dynamic imports, `export … from`, `import type`. */
export function importsOf(file: string, text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    targets.push(path.resolve(path.dirname(file), match[1]!.replace(/\.js$/, '.ts')));
  }
  return targets;
}

const layerOf = (file: string) => {
  const top = path.relative(SRC, file).split(path.sep)[0]!;
  const layer = LAYERS[top];
  if (layer === undefined) throw new Error(`src/${top} has no layer: add it to LAYERS here and to the README's layout section`);
  return layer;
};

function graph(): Map<string, string[]> {
  return new Map(sourceFiles(SRC).map((file) => [file, importsOf(file, fs.readFileSync(file, 'utf8')).filter((target) => target.startsWith(SRC))]));
}

/** Strongly connected components of more than one file (Tarjan): each is an import loop. */
function loops(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(path.relative(SRC, member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the layering of src/', () => {
  const edges = graph();

  it('reads every kind of import the code uses', () => {
    const file = path.join(SRC, 'cli', 'x.ts');
    const text = "import a from './a.js';\nimport type { B } from '../core/b.js';\nexport { c } from './c.js';\nconst d = await import('../db/d.js');\nimport './side-effect.js';\nimport fs from 'node:fs';";
    expect(importsOf(file, text).map((target) => path.relative(SRC, target))).toEqual(['cli/a.ts', 'core/b.ts', 'cli/c.ts', 'db/d.ts', 'cli/side-effect.ts']);
    expect(edges.size).toBeGreaterThan(50);
  });

  it('has no import running up the layers (cli → commands → import/db/render → core → config → errors)', () => {
    const upward = [...edges].flatMap(([file, targets]) =>
      targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import loop', () => {
    expect(loops(edges)).toEqual([]);
  });

  it('finds a loop and an upward import when there is one', () => {
    const a = path.join(SRC, 'core', 'a.ts');
    const b = path.join(SRC, 'core', 'b.ts');
    expect(loops(new Map([[a, [b]], [b, [a]]]))).toEqual([['core/a.ts', 'core/b.ts']]);
    expect(layerOf(path.join(SRC, 'config', 'x.ts')) > layerOf(path.join(SRC, 'core', 'x.ts'))).toBe(false);
  });

  it('no file in src/cli imports main.ts (the runtime lives in runtime.ts, the command tree in program.ts)', () => {
    const main = path.join(SRC, 'cli', 'main.ts');
    expect([...edges].filter(([, targets]) => targets.includes(main)).map(([file]) => path.relative(SRC, file))).toEqual([]);
  });

  it('commands hold no SQL: they call the store (src/db), which a second backend can replace', () => {
    const withSql = [...edges.keys()]
      .filter((file) => path.relative(SRC, file).startsWith(`commands${path.sep}`))
      .filter((file) => /\.(prepare|pragma|exec)\(\s*[`'"]|\.prepare\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(withSql).toEqual([]);
  });
});
