import { messagesFor, type Catalogue, type MessageKey, type Messages } from './messages.js';

/**
 * A command's notes for people (issue 24): the result's `notes` are English strings (JSON carries them,
 * an API), and each note is kept beside as its catalogue key and values, so a table or report in
 * another language says it in that language. A note given as text only (one another module wrote) is
 * shown as it is.
 */
export type Said = { key: MessageKey; params?: unknown } | { text: string };

export type NoteParams<K extends MessageKey> = Catalogue[K] extends (params: infer P) => string ? [params: P] : [];

const ENGLISH = messagesFor('en');

export class Notes {
  /** The English notes, as JSON has them. */
  readonly english: string[] = [];
  /** The same notes as keys and values, index for index. */
  readonly said: Said[] = [];

  add<K extends MessageKey>(key: K, ...params: NoteParams<K>): void {
    this.english.push(ENGLISH.t(key, ...params));
    this.said.push({ key, params: params[0] });
  }

  /** A note already written (in English) by code without a key for it. */
  addText(text: string): void {
    this.english.push(text);
    this.said.push({ text });
  }
}

/** A note in the language in force. */
export function sayNote(messages: Messages, note: Said): string {
  if ('text' in note) return note.text;
  return (messages.t as (key: MessageKey, params?: unknown) => string)(note.key, note.params);
}

/** The notes of a result in the language in force: from their keys when the result kept them, else its English. */
export function notesIn(messages: Messages, english: readonly string[], said: readonly Said[] | undefined): string[] {
  if (messages.language === 'en' || said === undefined || said.length !== english.length) return english as string[];
  return said.map((note) => sayNote(messages, note));
}
