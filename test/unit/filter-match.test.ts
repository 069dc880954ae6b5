import { describe, expect, it } from 'vitest';
import { editDistance, sameFilterValue, unmatchedFilterNote } from '../../src/core/filter-match.js';

describe('filters that match nothing say so (issue 23)', () => {
  const owners = ['Maya Chen', 'Liam Novak', 'Sofia Marquez', null, '李娜', '  Priya Raman '];

  it('says nothing when the value exists, whatever its case and surrounding space', () => {
    expect(unmatchedFilterNote('--owner', 'maya chen', owners, "account's owner")).toBeUndefined();
    expect(unmatchedFilterNote('--owner', ' Priya Raman', owners, "account's owner")).toBeUndefined();
    expect(unmatchedFilterNote('--owner', '李娜', owners, "account's owner")).toBeUndefined();
    expect(sameFilterValue('MAYA CHEN ', 'Maya Chen')).toBe(true);
    expect(sameFilterValue('Maya', null)).toBe(false);
  });

  it.each([
    ['Maya Chenn', 'did you mean "Maya Chen"?'],
    ['Maya Chne', 'did you mean "Maya Chen"?'],
    ['Liam Nowak', 'did you mean "Liam Novak"?'],
    ['李妍', 'did you mean "李娜"?'],
  ])('a typo (%s) gets the nearest owner', (wanted, suggestion) => {
    expect(unmatchedFilterNote('--owner', wanted, owners, "account's owner")).toBe(`--owner "${wanted}" matches no account's owner; ${suggestion}`);
  });

  it('a value near nothing lists what exists (at most eight, then how many)', () => {
    expect(unmatchedFilterNote('--owner', 'Zed', owners, "account's owner")).toBe('--owner "Zed" matches no account\'s owner; they are "Liam Novak", "Maya Chen", "Priya Raman", "Sofia Marquez", "李娜"');
    const many = Array.from({ length: 12 }, (_, index) => `Owner ${String.fromCharCode(65 + index)}${index}`);
    expect(unmatchedFilterNote('--owner', 'Completely Different', many, 'alert owner')).toMatch(/; they are "Owner A0", .*, … \(12 in all\)$/);
    expect(unmatchedFilterNote('--owner', 'Zed', [], "account's owner")).toBe('--owner "Zed" matches no account\'s owner: there are none');
  });

  it('edit distance counts insertions, deletions, substitutions and swapped neighbours as one', () => {
    expect(editDistance('chen', 'chen')).toBe(0);
    expect(editDistance('chen', 'chenn')).toBe(1);
    expect(editDistance('chen', 'chne')).toBe(1);
    expect(editDistance('chen', 'shen')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
