import { importPhrase } from '../i18n/messages/import.js';
import { DataError, UsageError } from '../errors.js';
import { KIND_SPECS, normalizeHeader, type FieldSpec, type Kind } from './kinds.js';
import type { PresetShape } from './presets.js';
import { editDistance } from '../core/filter-match.js';

/** What one column of the file feeds: a canonical field, a usage metric (wide files), or nothing. */
export type ColumnTarget = { field: FieldSpec } | { metric: string } | null;

export interface HeaderMapping {
  targets: ColumnTarget[];
  /** Field name → column index. */
  fieldIndex: Map<string, number>;
  /** Headers that map to nothing (reported once, then ignored). */
  ignored: string[];
  /** Usage only: a long file has metric and value columns; a wide file has one column per metric. */
  usageShape?: 'wide' | 'long' | 'events';
  /** Further columns of a field that may repeat (tags): field → column indexes after the first. */
  repeated: Map<string, number[]>;
  /** A preset's second column for a field, read where the first is empty (Stripe: Description when Name is). */
  backup?: Map<string, number>;
}

/** A header the preset maps (to any field) is not also looked up among the built-in aliases. */
function presetClaims(preset: PresetShape, normalized: string): boolean {
  return Object.keys(preset.map).some((name) => normalizeHeader(name) === normalized);
}

/**
 * Parses repeated `--map "Header=field"` flags (and config mappings) into header → field.
 * `--map "Header="` (an empty field) ignores the column, even one a preset or alias would map.
 */
export function parseMapFlags(flags: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    if (at <= 0 || flag.slice(0, at).trim() === '') {
      throw new UsageError(importPhrase('import.map.form', { flag }), importPhrase('import.map.form_hint'));
    }
    map.set(flag.slice(0, at).trim(), flag.slice(at + 1).trim());
  }
  return map;
}

/** Metric names are snake_case: "Reports Created" → reports_created. */
export function metricName(header: string): string {
  return header
    .normalize('NFKC')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** Checks that every mapping points at a field of the kind; returns them keyed by normalised header. */
export function resolveUserMap(kind: Kind, userMap: ReadonlyMap<string, string>): Map<string, FieldSpec> {
  const spec = KIND_SPECS[kind];
  const userByHeader = new Map<string, FieldSpec>();
  for (const [headerName, fieldName] of userMap) {
    if (fieldName === '') continue; // "Header=": ignored (see ignoredByUser)
    const field = spec.fields.find((candidate) => candidate.name === fieldName);
    if (!field) {
      const kindWord = importPhrase('import.kind_word', { kind });
      throw new UsageError(
        importPhrase('import.map.no_field', { header: headerName, field: fieldName, kind: kindWord }),
        importPhrase('import.map.no_field_hint', { kind: kindWord, fields: spec.fields.map((f) => f.name).join(', ') }),
      );
    }
    userByHeader.set(normalizeHeader(headerName), field);
  }
  return userByHeader;
}

/**
 * A `--map "Header=field"` whose header none of `headers` has: a UsageError naming the nearest header
 * the file has (issue 23: a misspelt --map was silently ignored). Headers compare as the mapping
 * does (normalizeHeader: case, spaces, punctuation).
 */
export function checkMapHeaders(mapFlags: ReadonlyMap<string, string>, headers: readonly string[], files: readonly string[]): void {
  const present = new Set(headers.map(normalizeHeader));
  for (const [header, field] of mapFlags) {
    if (present.has(normalizeHeader(header))) continue;
    const wanted = normalizeHeader(header);
    const nearest = [...new Set(headers)]
      .filter((name) => name.trim() !== '')
      .map((name) => ({ name, distance: editDistance(wanted, normalizeHeader(name)) }))
      .sort((a, b) => a.distance - b.distance)[0];
    const close = nearest !== undefined && nearest.distance <= Math.max(2, Math.floor(wanted.length / 3));
    throw new UsageError(
      importPhrase('import.map.no_column', {
        header, field, where: files.length === 1 ? importPhrase('import.map.file_lacks', { file: files[0]! }) : importPhrase('import.map.files_lack', { count: files.length }), nearest: close ? nearest.name : '',
      }),
      close ? importPhrase('import.map.did_you_mean', { header: nearest.name, field }) : importPhrase('import.map.its_columns', { columns: headers.map((name) => `"${name}"`).join(', ') }),
    );
  }
}

/** Headers the user mapped to nothing (`--map "Header="`), normalised. */
export function ignoredByUser(userMap: ReadonlyMap<string, string>): Set<string> {
  return new Set([...userMap].filter(([, field]) => field === '').map(([header]) => normalizeHeader(header)));
}

/**
 * Maps each header to a field: --map and config mappings first, then the preset's names, then the
 * built-in names and aliases. A repeated tags column (Jira repeats "Labels") feeds the same field;
 * a preset column that would repeat a field already mapped is ignored; any other repeat is an error.
 */
export function mapHeader(file: string, header: string[], kind: Kind, userMap: ReadonlyMap<string, string>, preset?: PresetShape): HeaderMapping {
  const spec = KIND_SPECS[kind];
  const byName = new Map<string, FieldSpec>();
  for (const field of spec.fields) {
    byName.set(normalizeHeader(field.name), field);
    for (const alias of field.aliases ?? []) byName.set(normalizeHeader(alias), field);
  }
  const userByHeader = resolveUserMap(kind, userMap);
  const userIgnores = ignoredByUser(userMap);
  const presetByHeader = preset ? resolveUserMap(kind, new Map(Object.entries(preset.map))) : new Map<string, FieldSpec>();
  // Two preset columns for one field (Stripe's Name and Description): the one the preset lists first wins.
  const presetRank = new Map(Object.keys(preset?.map ?? {}).map((name, rank) => [normalizeHeader(name), rank]));
  const userFields = new Set([...userByHeader.values()].map((field) => field.name));

  const targets: ColumnTarget[] = [];
  const fieldIndex = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  const ignored: string[] = [];
  // Two passes: the user's and the preset's mappings claim their columns first, so a built-in alias
  // (Salesforce's AccountNumber looks like an account id) cannot take a field the preset gave Id.
  // A field the user mapped a column to is that column's alone: a preset or alias column that would
  // also feed it is ignored (the user's word overrides what csops would have guessed).
  const chosen: Array<{ field: FieldSpec; explicit: boolean } | undefined> = header.map((name) => {
    const normalized = normalizeHeader(name);
    if (userIgnores.has(normalized)) return undefined;
    const user = userByHeader.get(normalized);
    if (user) return { field: user, explicit: true };
    const fromPreset = presetByHeader.get(normalized);
    return fromPreset && !userFields.has(fromPreset.name) ? { field: fromPreset, explicit: true } : undefined;
  });
  // Among a preset's columns for one field, the one it lists first.
  const backup = new Map<string, number>();
  if (preset) {
    const best = new Map<string, number>();
    const rank = (at: number) => presetRank.get(normalizeHeader(header[at]!)) ?? Infinity;
    const keepAsBackup = (field: string, index: number) => {
      const current = backup.get(field);
      if (current === undefined || rank(index) < rank(current)) backup.set(field, index);
    };
    chosen.forEach((choice, index) => {
      if (!choice || userByHeader.has(normalizeHeader(header[index]!)) || choice.field.type.kind === 'tags') return;
      const earlier = best.get(choice.field.name);
      if (earlier === undefined) best.set(choice.field.name, index);
      else if (rank(index) < rank(earlier)) {
        chosen[earlier] = undefined;
        keepAsBackup(choice.field.name, earlier);
        best.set(choice.field.name, index);
      } else {
        chosen[index] = undefined;
        keepAsBackup(choice.field.name, index);
      }
    });
  }
  const backupColumns = new Set(backup.values());
  const claimed = new Set(chosen.flatMap((choice) => (choice ? [choice.field.name] : [])));
  header.forEach((name, index) => {
    const normalized = normalizeHeader(name);
    if (chosen[index] || userIgnores.has(normalized) || (preset && presetClaims(preset, normalized))) return;
    const field = byName.get(normalized);
    if (field && !userFields.has(field.name) && !(preset && claimed.has(field.name))) chosen[index] = { field, explicit: false };
  });
  header.forEach((name, index) => {
    const choice = chosen[index];
    if (!choice) {
      targets.push(null);
      return;
    }
    const { field } = choice;
    const earlier = fieldIndex.get(field.name);
    if (earlier !== undefined && field.type.kind === 'tags') {
      repeated.set(field.name, [...(repeated.get(field.name) ?? []), index]);
      targets.push({ field });
      return;
    }
    if (earlier !== undefined && preset && !userByHeader.has(normalizeHeader(name))) {
      targets.push(null);
      return;
    }
    if (earlier !== undefined) {
      throw new DataError(
        importPhrase('import.columns_same_field', { file, first: earlier + 1, firstName: header[earlier] ?? '', second: index + 1, secondName: name, field: field.name }),
        importPhrase('import.columns_same_field_hint', { name }),
      );
    }
    fieldIndex.set(field.name, index);
    targets.push({ field });
  });

  let usageShape: HeaderMapping['usageShape'];
  if (kind === 'usage') {
    const unmapped = () => header.filter((_, index) => targets[index] === null);
    usageShape = fieldIndex.has('event') && fieldIndex.has('timestamp') ? 'events' : fieldIndex.has('metric') || fieldIndex.has('value') ? 'long' : 'wide';
    if (usageShape === 'events') {
      if (!fieldIndex.has('account_id') && !fieldIndex.has('subscription_id')) {
        throw missingColumns(file, kind, ['account_id (or subscription_id)'], unmapped());
      }
    } else {
      const hasKey = fieldIndex.has('account_id') || fieldIndex.has('subscription_id') || fieldIndex.has('user_id');
      const needed = [...(hasKey ? [] : ['account_id (or subscription_id, or user_id as an e-mail)']), ...(fieldIndex.has('date') ? [] : ['date'])];
      if (needed.length > 0) throw missingColumns(file, kind, needed, unmapped());
    }
    if (usageShape === 'long') {
      for (const needed of ['metric', 'value']) {
        if (!fieldIndex.has(needed)) throw missingColumns(file, kind, [needed], header.filter((_, index) => targets[index] === null));
      }
    } else if (usageShape === 'wide') {
      const seenMetrics = new Map<string, number>();
      header.forEach((name, index) => {
        if (targets[index] !== null) return;
        const metric = metricName(name);
        if (!metric) return;
        const earlier = seenMetrics.get(metric);
        if (earlier !== undefined) {
          throw new DataError(importPhrase('import.columns_same_metric', { file, first: earlier + 1, second: index + 1, metric }), importPhrase('import.rename_or_remove_hint'));
        }
        seenMetrics.set(metric, index);
        targets[index] = { metric };
      });
      if (seenMetrics.size === 0) {
        // Only who and when: an activity log (one row per active user and day) says nothing csops can count per account yet.
        const byUser = fieldIndex.has('user_id') && !fieldIndex.has('account_id') && !fieldIndex.has('subscription_id');
        throw new DataError(
          importPhrase('import.usage_no_metric', { file, byUser }),
          importPhrase(byUser ? 'import.usage_no_metric_by_user_hint' : 'import.usage_no_metric_hint'),
        );
      }
    }
  }

  header.forEach((name, index) => {
    // A column without a header (pandas writes its index so; a trailing comma makes one) is still named.
    if (targets[index] === null && !backupColumns.has(index)) ignored.push(name.trim() === '' ? `column ${index + 1} (no header)` : name);
  });

  // Exports keyed by name (Chinese CRMs often have no id column): the name is the account's id.
  // So are files where the user mapped a column to name and none is an id (`--map "account=name"`: Maven's accounts).
  if (kind === 'accounts' && !fieldIndex.has('account_id') && (preset?.nameIsId || userFields.has('name')) && fieldIndex.has('name')) {
    fieldIndex.set('account_id', fieldIndex.get('name')!);
  }
  const missing = spec.fields.filter((field) => field.required && !fieldIndex.has(field.name)).map((field) => field.name);
  // A deal export's amount is a won deal's first-year value (its term is 12 months unless a column says otherwise).
  const hasTerm = fieldIndex.has('term_months') || fieldIndex.has('end_date') || fieldIndex.has('deal_stage') || fieldIndex.has('is_won');
  const billed = fieldIndex.has('unit_amount') && fieldIndex.has('billing_interval');
  if (kind === 'contracts' && !fieldIndex.has('arr') && !fieldIndex.has('mrr') && !billed && !(fieldIndex.has('amount') && hasTerm)) {
    missing.push('arr (or mrr, or amount with term_months or end_date)');
  }
  // A contact is named by an id or a name, and belongs to the account an id, a name or an e-mail domain names.
  if (kind === 'contacts') {
    if (!['contact_id', 'name', 'first_name', 'last_name'].some((field) => fieldIndex.has(field))) missing.push('contact_id (or name, or first_name and last_name)');
    if (!['account_id', 'organization', 'email'].some((field) => fieldIndex.has(field))) missing.push('account_id (or organization, or email)');
  }
  // A touchpoint's account: named, or found through what it relates to (a deal) or the contact met.
  if (kind === 'touchpoints' && !['account_id', 'related_id', 'contact_id'].some((field) => fieldIndex.has(field))) {
    missing.push('account_id (or related_id, or contact_id)');
  }
  if (missing.length > 0) {
    const error = missingColumns(file, kind, missing, header.filter((_, index) => targets[index] === null && !userIgnores.has(normalizeHeader(header[index]!))));
    error.mappedFields = [...fieldIndex.keys()];
    throw error;
  }

  for (const [field, index] of backup) if (!fieldIndex.has(field)) fieldIndex.set(field, index);
  for (const field of fieldIndex.keys()) if (backup.get(field) === fieldIndex.get(field)) backup.delete(field);
  return { targets, fieldIndex, repeated, ignored, usageShape, ...(backup.size > 0 ? { backup } : {}) };
}

/**
 * Required columns the header lacks. It carries what the import needs to ask which column is which
 * (on a terminal) or to name the exact --map flags (elsewhere).
 */
export class MissingColumnsError extends DataError {
  /** Fields the header does map (for the question about optional columns). */
  mappedFields: string[] = [];

  constructor(
    readonly file: string,
    readonly kind: Kind,
    /** As described to the user: "arr (or mrr, or amount with term_months or end_date)". */
    readonly missing: string[],
    /** Headers that feed no field. */
    readonly unmapped: string[],
    /** Filled in by the import with the best guesses, so the hint names whole flags. */
    mapFlags: string[] = [],
  ) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    const flags = mapFlags.length > 0 ? mapFlags : [`--map "${unmapped.find((name) => name.trim() !== '') ?? 'Your Column'}=${missingFieldName(missing[0]!)}"`];
    super(
      importPhrase('import.missing_columns', { file, count: missing.length, list, fields: missing.map((name) => `"${missingFieldName(name)}"`).join(', '), kind: importPhrase('import.kind_word', { kind }), unmapped: unmapped.map((h) => `"${h}"`).join(', ') }),
      importPhrase('import.missing_columns_hint', { flags: flags.join(' '), guessed: mapFlags.length > 0 ? 'yes' : '' }),
    );
  }

  /** The canonical field of each missing column ("arr" for "arr (or mrr, …)"). */
  get fields(): string[] {
    return this.missing.map(missingFieldName);
  }
}

function missingFieldName(description: string): string {
  return description.split(' ')[0]!;
}

/** `unmapped` are the headers that feed no field: the hint suggests mapping the first of them. */
function missingColumns(file: string, kind: Kind, missing: string[], unmapped: string[]): MissingColumnsError {
  return new MissingColumnsError(file, kind, missing, unmapped);
}
