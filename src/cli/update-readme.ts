/**
 * `npm run docs`: rewrites what is generated: the command reference in README.md (between
 * <!-- commands:begin --> and <!-- commands:end -->) from the commands as declared, the configuration
 * reference (between <!-- config:begin --> and <!-- config:end -->) and the shipped JSON Schema from the
 * config schema. Tests fail when any of them is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { buildProgram } from './program.js';
import { referenceProgramIo, renderReference, spliceReference } from './reference.js';
import { writeConfigJsonSchema } from '../config/json-schema.js';
import { configReferenceMarkdown, replaceBetweenMarkers } from '../config/reference.js';

const readmePath = path.join(PACKAGE_ROOT, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
writeConfigJsonSchema();
const withCommands = spliceReference(readme, renderReference(buildProgram(referenceProgramIo(PACKAGE_ROOT))));
const updated = replaceBetweenMarkers(withCommands, 'config', configReferenceMarkdown());
if (updated === readme) {
  console.log('README.md: the command and configuration references are up to date');
} else {
  fs.writeFileSync(readmePath, updated);
  console.log('README.md: references rewritten');
}
