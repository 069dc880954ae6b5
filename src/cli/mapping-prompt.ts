import path from 'node:path';
import type { ColumnQuestion, MappingQuestions } from '../commands/import.js';
import { DataError } from '../errors.js';
import { KINDS, type Kind } from '../import/kinds.js';
import { ask, promptContext } from './prompt.js';
import type { Io } from './runtime.js';

const NONE = -1;

/** The import's questions, asked with @inquirer/prompts on stderr (stdout stays data). */
export function mappingQuestions(io: Io): MappingQuestions {
  const context = promptContext(io);
  return {
    async kind(file: string, _header: readonly string[], likely: readonly Kind[]): Promise<Kind> {
      const { select } = await import('@inquirer/prompts');
      return ask('csops import', () =>
        select({ message: `${path.basename(file)}: csops cannot tell what this file holds. Which kind is it?`, choices: KINDS.map((kind) => ({ value: kind })), default: likely[0] }, context),
      );
    },

    async columns(question: ColumnQuestion) {
      const { select, confirm } = await import('@inquirer/prompts');
      const { moneyFieldFor } = await import('../import/guess-columns.js');
      const name = path.basename(question.file);
      if (question.missing.length > 0) {
        io.stderr.write(`${name} (${question.kind}): csops needs ${question.missing.map((m) => m.description).join(', ')}, and cannot tell which column holds ${question.missing.length > 1 ? 'them' : 'it'}.\n`);
      }
      if (question.optional.length > 0) {
        io.stderr.write(`${name} (${question.kind}): some columns look like ${question.optional.map((o) => o.field).join(', ')}, which csops can read too (best guess first; "none" leaves the field empty).\n`);
      }
      const choices = [
        ...question.unclaimed.map((index) => ({ value: index, name: question.header[index]!, description: sampleLine(question, index) })),
        { value: NONE, name: '(none of these: stop, import nothing)' },
      ];
      const columns = new Map<string, string>();
      const taken = new Set<number>();
      for (const { field, description } of question.missing) {
        const guess = question.guesses.get(field);
        const column = await ask('csops import', () =>
          select(
            {
              message: `Which column is ${description}?`,
              choices: choices.map((choice) => ({ ...choice, disabled: taken.has(choice.value) ? '(already chosen)' : false })),
              // The guess, else the first column not chosen yet (never a disabled line).
              default: guess !== undefined && !taken.has(guess) ? guess : question.unclaimed.find((index) => !taken.has(index)),
              pageSize: 12,
            },
            context,
          ),
        );
        if (column === NONE) throw new DataError(`${question.file}: no column chosen for ${field}; nothing was imported`, `map it with --map "<column>=${field}", or add the column to the export`);
        taken.add(column);
        // "arr (or mrr, …)" answered with a monthly column ("MonthlyCharges") reads it as mrr.
        columns.set(question.header[column]!, moneyFieldFor(field, question.header[column]!));
      }
      // Optional fields: the guess preselected; "none" ignores the guessed column (and is remembered as such).
      for (const { field, description } of question.optional) {
        const guess = question.guesses.get(field);
        if (guess === undefined || taken.has(guess)) continue;
        const column = await ask('csops import', () =>
          select(
            {
              message: `Which column is ${description}?`,
              choices: [
                // Columns chosen already are left out (an optional question needs no reminder of them).
                ...choices.filter((choice) => choice.value !== NONE && !taken.has(choice.value)),
                { value: NONE, name: `(none: leave ${field} empty)` },
              ],
              default: guess,
              pageSize: 12,
            },
            context,
          ),
        );
        if (column === NONE) {
          columns.set(question.header[guess]!, '');
          continue;
        }
        taken.add(column);
        columns.set(question.header[column]!, field);
      }
      const save = await ask('csops import', () =>
        confirm({ message: `Save this mapping in ${question.configFile}, so files with these columns import without asking?`, default: true }, context),
      );
      return { columns, save };
    },
  };
}

/** "e.g., A-3": the sample values of one column, cut to fit a line. */
function sampleLine(question: ColumnQuestion, index: number): string {
  const values = question.samples.slice(0, 3).map((row) => (row[index] ?? '').trim()).filter((value) => value !== '');
  const text = values.length > 0 ? `e.g. ${values.map((value) => JSON.stringify(value)).join(', ')}` : 'empty in the first rows';
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}
