import { describe, expect, it } from 'vitest';
import { databaseLocation, databaseTarget, isPostgresUrl, maskSecrets, shownUrl, urlPassword } from '../../src/config/database-url.js';
import { BusyError, DataError, phraseIn, UsageError, type Entry } from '../../src/errors.js';
import { parseExactInteger, parseExactNumeric, translatePgError } from '../../src/db/pg/client.js';
import { errorPhrase } from '../../src/i18n/messages/errors.js';
import { CATALOGUES } from '../../src/i18n/messages.js';

const zh = CATALOGUES['zh-CN'] as Record<string, Entry | undefined>;

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

  it('words them in English and Chinese from the same masked values: the URL, what the server said, the step', () => {
    const context = { shown: shownUrl('postgres://ana:Tr0ub4dor@db.invalid/cs'), secrets: ['Tr0ub4dor'] };
    const both = (error: { message: string; hint?: string; phrase?: Parameters<typeof phraseIn>[0]; hintPhrase?: Parameters<typeof phraseIn>[0] }) => {
      const chinese = phraseIn(error.phrase!, zh);
      for (const text of [error.message, error.hint ?? '', chinese, phraseIn(error.hintPhrase!, zh)]) expect(text).not.toContain('Tr0ub4dor');
      return chinese;
    };
    const refused = translatePgError(Object.assign(new Error('password authentication failed for user "ana" (tried Tr0ub4dor)'), { code: '28P01' }), context);
    expect(refused.message).toBe('PostgreSQL at postgres://ana:***@db.invalid/cs refused the login: password authentication failed for user "ana" (tried ***)');
    expect(refused.hint).toBe('check the user and password: in the URL, PGUSER / PGPASSWORD, or ~/.pgpass (host:port:database:user:password)');
    expect(both(refused)).toBe('PostgreSQL postgres://ana:***@db.invalid/cs 拒绝了登录：password authentication failed for user "ana" (tried ***)');
    expect(phraseIn(refused.hintPhrase!, zh)).toContain('请检查用户名和密码');

    // a refused value while writing a table: the step is a phrase too, and the server's detail is masked inside it
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint "accounts_pkey"'), { code: '23505', detail: 'Key (account_id)=(Tr0ub4dor) already exists.' });
    const refusedValue = translatePgError(duplicate, { ...context, doing: errorPhrase('error.pg.doing.write_table', { table: 'accounts' }) });
    expect(refusedValue).toBeInstanceOf(DataError);
    expect(refusedValue.message).toBe('PostgreSQL at postgres://ana:***@db.invalid/cs (write accounts) refused a value: duplicate key value violates unique constraint "accounts_pkey"; Key (account_id)=(***) already exists. (SQLSTATE 23505)');
    expect(both(refusedValue)).toBe('PostgreSQL postgres://ana:***@db.invalid/cs 在写入 accounts 时拒绝了一个值：duplicate key value violates unique constraint "accounts_pkey"; Key (account_id)=(***) already exists.（SQLSTATE 23505）');

    const busy = translatePgError(Object.assign(new Error('could not obtain lock on relation "alerts"'), { code: '55P03' }), { ...context, doing: errorPhrase('error.pg.doing.migrate') });
    expect(busy).toBeInstanceOf(BusyError);
    expect(busy.message).toBe('PostgreSQL at postgres://ana:***@db.invalid/cs is busy (migrate): could not obtain lock on relation "alerts"');
    expect(both(busy)).toBe('PostgreSQL postgres://ana:***@db.invalid/cs 在迁移时正忙：could not obtain lock on relation "alerts"');
    expect(both(translatePgError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' }), context))).toBe('无法连接 PostgreSQL postgres://ana:***@db.invalid/cs：connect ECONNREFUSED 10.0.0.1:5432');
    expect(both(translatePgError(new Error('Connection terminated unexpectedly'), { ...context, doing: errorPhrase('error.pg.doing.connect') }))).toMatch(/^无法连接 PostgreSQL .*：Connection terminated unexpectedly$/);
  });

  it('masks a csops error passed through, keeping its class and its wording by key', () => {
    const context = { shown: 'postgres://ana:***@db/cs', secrets: ['Tr0ub4dor'] };
    const untouched = new DataError(errorPhrase('error.copy.nul', { table: 'accounts', column: 'name', text: '"a\\u0000b"' }), errorPhrase('error.copy.nul_hint'));
    expect(translatePgError(untouched, context)).toBe(untouched);
    const leaking = new DataError(errorPhrase('error.copy.nul', { table: 'accounts', column: 'name', text: '"Tr0ub4dor"' }), errorPhrase('error.copy.nul_hint'), [{ file: 'a.csv', line: 2, value: 'Tr0ub4dor', expected: 'no Tr0ub4dor' }]);
    const masked = translatePgError(leaking, context) as DataError;
    expect(masked).toBeInstanceOf(DataError);
    expect(masked.exitCode).toBe(65);
    expect(masked.message).toBe(leaking.message.replace('Tr0ub4dor', '***'));
    expect(masked.phrase!.key).toBe('error.copy.nul');
    expect(phraseIn(masked.phrase!, zh)).toBe(phraseIn(leaking.phrase!, zh).replace('Tr0ub4dor', '***'));
    expect(phraseIn(masked.phrase!, zh)).toMatch(/[\u4e00-\u9fff]/);
    expect(masked.hintPhrase).toEqual(leaking.hintPhrase);
    expect(masked.problems).toEqual([{ file: 'a.csv', line: 2, value: '***', expected: 'no ***' }]);
    expect(masked.stack).not.toContain('Tr0ub4dor');
  });
});

describe('PostgreSQL values read back exactly', () => {
  it('bigint is a number while exact, else an error (never a rounded figure)', () => {
    expect(parseExactInteger('9007199254740991')).toBe(9007199254740991);
    expect(parseExactInteger('-42')).toBe(-42);
    expect(() => parseExactInteger('9007199254740993')).toThrow(/beyond what csops reads exactly/);
    try {
      parseExactInteger('9007199254740993');
    } catch (error) {
      expect((error as Error).message).toBe('PostgreSQL returned the integer 9007199254740993, beyond what csops reads exactly (±9007199254740991)');
      expect(phraseIn((error as DataError).phrase!, zh)).toBe('PostgreSQL 返回的整数 9007199254740993 超出了 csops 能精确读取的范围（±9007199254740991）');
    }
  });

  it('numeric is a number when it is the same decimal, else an error', () => {
    expect(parseExactNumeric('12.50')).toBe(12.5);
    expect(parseExactNumeric('-0.000')).toBe(0);
    expect(parseExactNumeric('1234567.89')).toBe(1234567.89);
    expect(() => parseExactNumeric('0.1000000000000000000001')).toThrow(/cannot hold exactly/);
    expect(() => parseExactNumeric('12345678901234567890')).toThrow(/cannot hold exactly/);
  });
});
