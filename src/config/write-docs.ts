/**
 * `npm run docs`: rewrites what is generated from the config schema, the shipped JSON Schema and the
 * README's configuration reference. Tests fail when either is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { writeConfigJsonSchema } from './json-schema.js';
import { configReferenceMarkdown, replaceBetweenMarkers } from './reference.js';

writeConfigJsonSchema();
const readme = path.join(PACKAGE_ROOT, 'README.md');
fs.writeFileSync(readme, replaceBetweenMarkers(fs.readFileSync(readme, 'utf8'), 'config', configReferenceMarkdown()));
