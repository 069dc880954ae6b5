import { describe, expect, it } from 'vitest';
import { writeJsonDocument } from '../../src/render/json-stream.js';

describe('writeJsonDocument', () => {
  it.each([
    ['a large array in batches', { as_of: '2026-11-20', accounts: Array.from({ length: 1_234 }, (_, i) => ({ id: i, reasons: ['a', 'b'], nested: { x: [1, 2] } })), notes: [] }],
    ['an empty array', { accounts: [], counts: { a: 1 } }],
    ['the array last, and undefined keys left out', { first: null, skipped: undefined, accounts: [{ text: 'line\nbreak "quoted"' }] }],
  ])('writes exactly what JSON.stringify(…, null, 2) would: %s', (_label, document) => {
    let text = '';
    writeJsonDocument((chunk) => (text += chunk), document as Record<string, unknown>, 'accounts', 100);
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
