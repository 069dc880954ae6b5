/**
 * `npm run docs`: rewrites the command reference in README.md (between <!-- commands:begin --> and
 * <!-- commands:end -->) from the commands as declared. test/e2e/docs.test.ts fails when it is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { buildProgram } from './main.js';
import { referenceProgramIo, renderReference, spliceReference } from './reference.js';

const readmePath = path.join(PACKAGE_ROOT, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const updated = spliceReference(readme, renderReference(buildProgram(referenceProgramIo(PACKAGE_ROOT))));
if (updated === readme) {
  console.log('README.md: the command reference is up to date');
} else {
  fs.writeFileSync(readmePath, updated);
  console.log('README.md: command reference rewritten');
}
