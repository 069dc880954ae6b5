import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The csops package folder (holding package.json and sample-data/), found by walking up from this
 * module: it works from src/ under the tests and from dist/src/ when built.
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'csops') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the csops package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

export const VERSION: string = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
