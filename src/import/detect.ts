import { DataError, UsageError, type Phrase } from '../errors.js';
import { importPhrase } from '../i18n/messages/import.js';
import { mapHeader } from './header-map.js';
import { KINDS, KIND_SPECS, type Kind } from './kinds.js';
import { detectPreset, requirePreset, type PresetShape } from './presets.js';

export interface FileShape {
  kind: Kind;
  preset?: PresetShape;
  /** How the kind was decided, for the notes. */
  reason: 'given' | Phrase;
}

/**
 * What a file is, from its header: the kind given or the preset's; else the kind whose required
 * columns are all there and that maps the most columns. A tie, or no kind at all, is an error
 * that names the kinds to choose from.
 */
export function detectFileShape(file: string, header: string[], options: { kind?: Kind; preset?: string; userMap: ReadonlyMap<string, string> }): FileShape {
  if (options.preset) {
    const preset = refused(file, requirePreset(options.preset, header, options.kind, file));
    return { kind: preset.kind, preset, reason: importPhrase('import.kind.preset_flag', { preset: options.preset }) };
  }
  const preset = refused(file, detectPreset(header, { kind: options.kind }));
  if (preset) return { kind: preset.kind, preset, reason: importPhrase('import.kind.preset_header', { label: importPhrase('import.preset_label', { label: preset.label }) }) };
  if (options.kind) return { kind: options.kind, reason: 'given' };

  const fits: Array<{ kind: Kind; mapped: number }> = [];
  for (const kind of KINDS) {
    const fieldsOfKind = new Set(KIND_SPECS[kind].fields.map((field) => field.name));
    const userMap = new Map([...options.userMap].filter(([, field]) => fieldsOfKind.has(field) || field === ''));
    try {
      const { fieldIndex } = mapHeader(file, header, kind, userMap);
      const marks = KIND_SPECS[kind].identifiedBy;
      if (marks && !marks.some((field) => fieldIndex.has(field))) continue;
      fits.push({ kind, mapped: fieldIndex.size });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
    }
  }
  fits.sort((a, b) => b.mapped - a.mapped);
  const [best, next] = fits;
  if (!best) {
    throw new UsageError(
      importPhrase('import.kind.unknown', { file, header: `${header.slice(0, 6).map((name) => `"${name}"`).join(', ')}${header.length > 6 ? ', …' : ''}` }),
      importPhrase('import.kind.unknown_hint', { kinds: KINDS.join('|'), file }),
    );
  }
  if (next && next.mapped === best.mapped) {
    throw new UsageError(importPhrase('import.kind.tie', { file, best: importPhrase('import.kind_word', { kind: best.kind }), next: importPhrase('import.kind_word', { kind: next.kind }) }), importPhrase('import.kind.tie_hint', { kind: best.kind, file }));
  }
  return { kind: best.kind, reason: importPhrase('import.kind.columns', { kind: importPhrase('import.kind_word', { kind: best.kind }) }) };
}

/** An export csops knows but does not read (Stripe invoices): refused, naming the export to use. */
function refused<T extends PresetShape | undefined>(file: string, preset: T): T {
  if (preset?.refuse) throw new DataError(importPhrase('import.kind.refused', { file, label: importPhrase('import.preset_label', { label: preset.label }), why: importPhrase(preset.refuse.why) }), importPhrase(preset.refuse.instead));
  return preset;
}
