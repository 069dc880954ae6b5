import path from 'node:path';
import type { ColumnQuestion, MappingQuestions } from '../commands/import.js';
import { DataError } from '../errors.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { importPhrase } from '../i18n/messages/import.js';
import { KINDS, type Kind } from '../import/kinds.js';
import { ask, promptContext } from './prompt.js';
import type { Io } from './runtime.js';

const NONE = -1;

/** The import's questions, asked with @inquirer/prompts on stderr (stdout stays data). */
export function mappingQuestions(io: Io, messages: Messages = messagesFor('en')): MappingQuestions {
  const context = promptContext(io);
  const { t } = messages;
  return {
    async kind(file: string, _header: readonly string[], likely: readonly Kind[]): Promise<Kind> {
      const { select } = await import('@inquirer/prompts');
      return ask('csops import', () =>
        select({ message: t('import.ask.kind', { file: path.basename(file) }), choices: KINDS.map((kind) => ({ value: kind })), default: likely[0] }, context),
      );
    },

    async columns(question: ColumnQuestion) {
      const { select, confirm } = await import('@inquirer/prompts');
      const { moneyFieldFor } = await import('../import/guess-columns.js');
      const name = path.basename(question.file);
      if (question.missing.length > 0) {
        io.stderr.write(`${t('import.ask.needs', { file: name, kind: question.kind, descriptions: question.missing.map((m) => m.description).join(', '), fields: question.missing.map((m) => m.field).join(', '), n: question.missing.length })}\n`);
      }
      if (question.optional.length > 0) {
        io.stderr.write(`${t('import.ask.optional', { file: name, kind: question.kind, fields: question.optional.map((o) => o.field).join(', ') })}\n`);
      }
      const choices = [
        ...question.unclaimed.map((index) => ({ value: index, name: question.header[index]!, description: sampleLine(question, index, messages) })),
        { value: NONE, name: t('import.ask.none_stop') },
      ];
      const columns = new Map<string, string>();
      const taken = new Set<number>();
      for (const { field, description } of question.missing) {
        const guess = question.guesses.get(field);
        const column = await ask('csops import', () =>
          select(
            {
              message: t('import.ask.which', { description, field }),
              choices: choices.map((choice) => ({ ...choice, disabled: taken.has(choice.value) ? t('import.ask.taken') : false })),
              // The guess, else the first column not chosen yet (never a disabled line).
              default: guess !== undefined && !taken.has(guess) ? guess : question.unclaimed.find((index) => !taken.has(index)),
              pageSize: 12,
            },
            context,
          ),
        );
        if (column === NONE) throw new DataError(importPhrase('import.ask.none_chosen', { file: question.file, field }), importPhrase('import.ask.none_chosen_hint', { field }));
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
              message: t('import.ask.which', { description, field }),
              choices: [
                // Columns chosen already are left out (an optional question needs no reminder of them).
                ...choices.filter((choice) => choice.value !== NONE && !taken.has(choice.value)),
                { value: NONE, name: t('import.ask.none_leave', { field }) },
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
        confirm({ message: t('import.ask.save', { config: question.configFile }), default: true }, context),
      );
      return { columns, save };
    },
  };
}

/** "e.g., A-3": the sample values of one column, cut to fit a line. */
function sampleLine(question: ColumnQuestion, index: number, { t }: Messages): string {
  const values = question.samples.slice(0, 3).map((row) => (row[index] ?? '').trim()).filter((value) => value !== '');
  const text = values.length > 0 ? t('import.ask.samples', { values: values.map((value) => JSON.stringify(value)).join(', ') }) : t('import.ask.empty');
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}
