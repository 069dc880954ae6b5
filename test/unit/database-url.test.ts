import { describe, expect, it } from 'vitest';
import { databaseLocation, databaseTarget, isPostgresUrl, maskSecrets, shownUrl, urlPassword } from '../../src/config/database-url.js';
import { UsageError } from '../../src/errors.js';
import { parseExactInteger, parseExactNumeric, translatePgError } from '../../src/db/pg/client.js';

describe('reading --db (issue 25)', () => {
  it('takes postgres:// and postgresql:// URLs, as written, for PostgreSQL', () => {
    for (const url of ['postgres://ana@db.example.com:5432/cs', 'postgresql://ana@db/cs?sslmode=require', 'POSTGRES://db/cs', 'postgres:///cs?host=/run/postgresql', 'postgres://ana@/cs?host=/tmp/x']) {
      expect(databaseTarget(url)).toEqual({ kind: 'postgres', url });
      expect(isPostgresUrl(url)).toBe(true);
    }
  });

  it('keeps a plain path, sqlite: and file: for SQLite', () => {
    expect(databaseTarget('csops.db')).toEqual({ kind: 'sqlite', path: 'csops.db' });
    expect(databaseTarget('./data/csops.db', '/work')).toEqual({ kind: 'sqlite', path: '/work/data/csops.db' });
    expect(databaseTarget('sqlite:team.db')).toEqual({ kind: 'sqlite', path: 'team.db' });
    expect(databaseTarget('sqlite:///srv/cs/team.db')).toEqual({ kind: 'sqlite', path: '/srv/cs/team.db' });
    expect(databaseTarget('file:///srv/cs/my%20team.db')).toEqual({ kind: 'sqlite', path: '/srv/cs/my team.db' });
    expect(databaseTarget('file:rel/team.db', '/work')).toEqual({ kind: 'sqlite', path: '/work/rel/team.db' });
    // a folder named like a scheme is still a path when nothing follows the colon as a URL would
    expect(databaseTarget('C:\\data\\csops.db').kind).toBe('sqlite');
    expect(databaseLocation(databaseTarget('sqlite:x.db'))).toBe('x.db');
  });

  it('refuses other schemes rather than making a file of them, masking their password', () => {
    expect(() => databaseTarget('mysql://root:hunter22@db/cs')).toThrow(UsageError);
    try {
      databaseTarget('mysql://root:hunter22@db/cs');
    } catch (error) {
      expect((error as Error).message).toContain('mysql:');
      expect((error as Error).message).not.toContain('hunter22');
    }
    expect(() => databaseTarget('sqlite:')).toThrow(/names no file/);
  });
});

describe('one masking function for passwords', () => {
  it('masks the password of any URL, in the user part or the query, and key=value strings', () => {
    expect(shownUrl('postgres://ana:s3cr3t@db.example.com/cs')).toBe('postgres://ana:***@db.example.com/cs');
    expect(shownUrl('postgresql://ana:p@ss:w0rd@db/cs?sslmode=require')).toBe('postgresql://ana:***@db/cs?sslmode=require');
    expect(shownUrl('postgres://db/cs?user=ana&password=s3cr3t&sslmode=require')).toBe('postgres://db/cs?user=ana&password=***&sslmode=require');
    expect(shownUrl('postgres://ana@db/cs')).toBe('postgres://ana@db/cs');
    expect(maskSecrets("host=db user=ana password='it\\'s secret' dbname=cs")).not.toContain('secret');
    expect(maskSecrets('connect failed for postgres://x:y1z2@h/d and again postgres://x:y1z2@h/d')).toBe('connect failed for postgres://x:***@h/d and again postgres://x:***@h/d');
  });

  it('masks a known secret wherever it appears, encoded or not', () => {
    const url = 'postgres://ana:p%40ss%2Fw0rd@db/cs';
    expect(urlPassword(url)).toBe('p@ss/w0rd');
    expect(maskSecrets('the server said p@ss/w0rd and p%40ss%2Fw0rd', [urlPassword(url)])).toBe('the server said *** and ***');
    expect(urlPassword('postgres://ana@db/cs')).toBeUndefined();
  });

  it('masks what node-postgres and the server say when they fail', () => {
    const context = { shown: shownUrl('postgres://ana:Tr0ub4dor@db.invalid/cs'), secrets: ['Tr0ub4dor'] };
    const auth = Object.assign(new Error('password authentication failed for user "ana" (tried Tr0ub4dor)'), { code: '28P01' });
    const refused = translatePgError(auth, context);
    expect(refused.exitCode).toBe(77);
    expect(refused.message).toContain('postgres://ana:***@db.invalid/cs');
    expect(refused.message).not.toContain('Tr0ub4dor');
    const unknownHost = translatePgError(Object.assign(new Error('getaddrinfo ENOTFOUND db.invalid'), { code: 'ENOTFOUND' }), context);
    expect(unknownHost.exitCode).toBe(74);
    expect(unknownHost.message).toMatch(/cannot reach .*ENOTFOUND/);
    expect(translatePgError(Object.assign(new Error('database "cs" does not exist'), { code: '3D000' }), context).exitCode).toBe(66);
    expect(translatePgError(Object.assign(new Error('could not obtain lock'), { code: '55P03' }), context).exitCode).toBe(75);
    expect(translatePgError(Object.assign(new Error('invalid input syntax for type date: "x"'), { code: '22007' }), context).exitCode).toBe(65);
    expect(translatePgError(Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' }), context).exitCode).toBe(70);
  });
});

describe('PostgreSQL values read back exactly', () => {
  it('bigint is a number while exact, else an error (never a rounded figure)', () => {
    expect(parseExactInteger('9007199254740991')).toBe(9007199254740991);
    expect(parseExactInteger('-42')).toBe(-42);
    expect(() => parseExactInteger('9007199254740993')).toThrow(/beyond what csops reads exactly/);
  });

  it('numeric is a number when it is the same decimal, else an error', () => {
    expect(parseExactNumeric('12.50')).toBe(12.5);
    expect(parseExactNumeric('-0.000')).toBe(0);
    expect(parseExactNumeric('1234567.89')).toBe(1234567.89);
    expect(() => parseExactNumeric('0.1000000000000000000001')).toThrow(/cannot hold exactly/);
    expect(() => parseExactNumeric('12345678901234567890')).toThrow(/cannot hold exactly/);
  });
});
