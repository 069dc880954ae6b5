/**
 * Tickets and surveys that name an organisation csops does not know (issue 15, item 4): they land
 * unmatched (account_id null, what they name kept in `organization`), never rejected; the import says
 * which organisations and how many; `report` counts them in every figure and lists them as the
 * "unmatched organisation" group; a later `import accounts` links them. Through the built binary,
 * on both the main-thread and the worker path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, queryAll, runCli, tempDir, writeFile } from '../helpers/cli.js';
import { dropDatabases } from '../helpers/postgres.js';
import { storeBackends } from '../helpers/store-backends.js';

/** The header of a Freshdesk "Export tickets" file (shared/corpus/real/freshdesk_ticket_export.csv). */
const FRESHDESK_HEADER = ['Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Type', 'Created time', 'Resolved time', 'Summary', 'Full name', 'Title', 'Email', 'Mobile phone', 'Contact ID', 'Company Name'];
const REAL_FRESHDESK = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real', 'freshdesk_ticket_export.csv');
const FORCE_WORKER = { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' };

const ACCOUNTS = 'account_id,name,domain\nA-1,Acme Inc.,acme.com\nA-2,Globex,globex.com\n';

interface Ticket {
  id: number;
  created: string;
  company: string;
  email: string;
}

/**
 * Tickets of three weeks (2026-W44 to W46): companies csops knows (Acme Inc, Globex Corporation by
 * name), companies it does not (Initech, Freshworks), and rows with no company whose contact e-mail is
 * at a known domain (globex.com) or an unknown one (example.com).
 */
function freshdeskTickets(): Ticket[] {
  const people: Array<[string, string]> = [
    ['Acme Inc', 'emily.garcia@acme.com'],
    ['Initech', 'peter@initech.test'],
    ['Globex Corporation', 'hank@globex.com'],
    ['Initech', 'milton@initech.test'],
    ['', 'someone@example.com'],
    ['Freshworks', 'ops@freshworks.test'],
    ['', 'lisa@globex.com'],
    ['Initech', 'bill@initech.test'],
    ['', 'other@example.com'],
  ];
  const tickets: Ticket[] = [];
  for (let index = 0; index < 40; index++) {
    const [company, email] = people[(index * 7) % people.length]!;
    // 2026-10-27 (W44 Tuesday) onwards, about every 10 hours: W44, W45 and into W46.
    const created = new Date(Date.parse('2026-10-27T08:15:00Z') + index * 10 * 3_600_000 + index * 61_000);
    tickets.push({ id: 1000 + index, created: created.toISOString().slice(0, 19).replace('T', ' '), company, email });
  }
  return tickets;
}

function freshdeskCsv(tickets: Ticket[], shape: 'as exported' | 'resaved'): string {
  const statuses = ['Open', 'Pending', 'Resolved', 'Closed'];
  const rows = tickets.map((ticket, index) => {
    const resolved = index % 4 >= 2 ? new Date(Date.parse(`${ticket.created.replace(' ', 'T')}Z`) + 5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : '';
    return [
      String(ticket.id), `Report ${index % 5} fails`, `Hi there,\nthe report fails again, "urgent".\nThanks`, statuses[index % 4]!, ['Low', 'Medium', 'High', 'Urgent'][index % 4]!, '',
      ticket.created, resolved, 'No Summary', 'A Person', 'Director', ticket.email, '', ticket.email, ticket.company,
    ];
  });
  if (shape === 'as exported') return stringify([FRESHDESK_HEADER, ...rows]);
  // The same export after a spreadsheet program: BOM, CRLF, columns in another order.
  const order = FRESHDESK_HEADER.map((_, index) => index).reverse();
  return `\uFEFF${stringify([order.map((index) => FRESHDESK_HEADER[index]!), ...rows.map((row) => order.map((index) => row[index]!))], { record_delimiter: 'windows' })}`;
}

/** What csops should do with each ticket: the account it finds, or the organisation it keeps. */
function expected(ticket: Ticket, known: Record<string, string>): { account_id: string | null; organization: string | null } {
  const domain = ticket.email.split('@')[1]!;
  const byName: Record<string, string> = { 'Acme Inc': 'A-1', 'Globex Corporation': 'A-2', ...known };
  const byDomain: Record<string, string> = { 'acme.com': 'A-1', 'globex.com': 'A-2' };
  const account = ticket.company ? (byName[ticket.company] ?? byDomain[domain] ?? null) : (byDomain[domain] ?? known[domain] ?? null);
  return { account_id: account, organization: ticket.company || domain };
}

function workspace(db?: string) {
  const dir = tempDir('csops-unmatched-');
  db ??= path.join(dir, 'csops.db');
  const csops = (args: string[], env?: Record<string, string>) => runCli(['--db', db, '--as-of', '2026-11-20', ...args], { cwd: dir, env });
  return { dir, db, csops };
}

function week(created: string): string {
  if (created < '2026-11-02') return '2026-W44';
  if (created < '2026-11-09') return '2026-W45';
  return '2026-W46';
}

describe('a Freshdesk export naming companies csops does not know', () => {
  it('has the header of the real export', () => {
    if (!fs.existsSync(REAL_FRESHDESK)) return;
    expect(fs.readFileSync(REAL_FRESHDESK, 'utf8').split(/\r?\n/)[0]).toBe(FRESHDESK_HEADER.join(','));
  });

  for (const shape of ['as exported', 'resaved'] as const) {
    for (const [path_, env] of [['main thread', {}], ['worker', FORCE_WORKER]] as const) {
      it(`imports every ticket (${shape}, ${path_}), reports every ticket, and links them when the accounts come`, () => {
        const { dir, db, csops } = workspace();
        const tickets = freshdeskTickets();
        writeFile(dir, 'accounts.csv', ACCOUNTS);
        writeFile(dir, 'tickets.csv', freshdeskCsv(tickets, shape));
        expect(csops(['import', 'accounts', 'accounts.csv']).code).toBe(0);

        const imported = csops(['--format', 'json', 'import', 'tickets', 'tickets.csv'], env);
        expect(imported.code, imported.stderr).toBe(0);
        const summary = JSON.parse(imported.stdout) as { files: Array<{ rows: number; inserted: number; rejected: number; notes: string[] }> };
        expect(summary.files[0]).toMatchObject({ rows: 40, inserted: 40, rejected: 0 });

        const want = tickets.map((ticket) => ({ ticket_id: String(ticket.id), ...expected(ticket, {}) }));
        const unmatched = new Map<string, number>();
        for (const row of want) if (row.account_id === null) unmatched.set(row.organization!, (unmatched.get(row.organization!) ?? 0) + 1);
        expect(Object.fromEntries(unmatched)).toEqual({ Initech: 14, 'example.com': 8, Freshworks: 5 });
        const note = '27 tickets name an organisation csops does not know; they import unmatched: "Initech" (14), example.com (8), "Freshworks" (5); import those accounts (or give them a domain) and they are linked';
        expect(summary.files[0]!.notes).toContain(note);
        expect(imported.stderr).toContain(`warning: tickets.csv: ${note}`);
        expect(queryAll(db, 'SELECT ticket_id, account_id, organization FROM tickets ORDER BY ticket_id')).toEqual(want);

        // The weekly report counts every ticket of the week, matched or not, and groups the unmatched.
        for (const label of ['2026-W44', '2026-W45']) {
          const inWeek = tickets.filter((ticket) => week(ticket.created) === label);
          const unmatchedInWeek = inWeek.filter((ticket) => expected(ticket, {}).account_id === null);
          const report = csops(['report', 'weekly', '--week', label, '--format', 'json']);
          expect(report.code, report.stderr).toBe(0);
          const json = JSON.parse(report.stdout) as {
            figures: { created: number };
            top_accounts: Array<{ account_id: string; tickets: number }>;
            unmatched: { tickets: number; organizations: Array<{ organization: string | null; tickets: number }> };
            tickets: Array<{ ticket_id: string; account_id: string | null; organization: string | null }>;
          };
          expect(inWeek.length).toBeGreaterThan(10);
          expect(json.figures.created).toBe(inWeek.length);
          expect(json.tickets).toHaveLength(inWeek.length);
          expect(json.unmatched.tickets).toBe(unmatchedInWeek.length);
          expect(json.unmatched.tickets + json.top_accounts.reduce((sum, entry) => sum + entry.tickets, 0)).toBe(inWeek.length);
          expect(json.unmatched.organizations.map((entry) => entry.organization).sort()).toEqual([...new Set(unmatchedInWeek.map((ticket) => expected(ticket, {}).organization))].sort());
          expect(json.tickets.find((row) => row.account_id === null)?.organization).toEqual(expect.any(String));
          const text = csops(['report', 'weekly', '--week', label]);
          expect(text.stdout).toMatch(new RegExp(`unmatched organisation +${unmatchedInWeek.length}\\n`));
          expect(text.stdout).toContain(`Unmatched organisation, ${unmatchedInWeek.length} tickets: `);
          const html = csops(['report', 'weekly', '--week', label, '--format', 'html']);
          expect(html.stdout).toMatch(new RegExp(`<td[^>]*>unmatched organisation</td><td class="n"[^>]*>${unmatchedInWeek.length}</td>`));
        }

        // Health, risk and the account page read around the unmatched tickets.
        expect(csops(['risk']).code).toBe(0);
        expect(csops(['account', 'A-2']).code).toBe(0);

        // The accounts arrive: Initech by name, example.com as a domain. Freshworks stays unmatched.
        writeFile(dir, 'more-accounts.csv', 'account_id,name,domain\nA-3,Initech LLC,initech.test\nA-4,Example Co,example.com\n');
        const linked = csops(['import', 'accounts', 'more-accounts.csv'], env);
        expect(linked.code, linked.stderr).toBe(0);
        expect(linked.stderr).toContain('warning: more-accounts.csv: linked 22 earlier tickets to accounts by organisation; 5 still name an organisation no account matches');
        const now = tickets.map((ticket) => ({ ticket_id: String(ticket.id), account_id: expected(ticket, { Initech: 'A-3', 'example.com': 'A-4' }).account_id }));
        expect(queryAll(db, 'SELECT ticket_id, account_id FROM tickets ORDER BY ticket_id')).toEqual(now);
        expect(queryAll(db, 'SELECT organization, count(*) AS n FROM tickets WHERE account_id IS NULL GROUP BY organization')).toEqual([{ organization: 'Freshworks', n: 5 }]);

        // The same export imported again updates nothing and duplicates nothing: it resolves as the link did.
        const again = csops(['--format', 'json', 'import', 'tickets', 'tickets.csv', '--force'], env);
        expect(again.code, again.stderr).toBe(0);
        expect((JSON.parse(again.stdout) as { files: unknown[] }).files[0]).toMatchObject({ rows: 40, inserted: 0, updated: 0, unchanged: 40, rejected: 0 });
        expect(queryAll(db, 'SELECT ticket_id, account_id FROM tickets ORDER BY ticket_id')).toEqual(now);
        expect(again.stderr).toContain('warning: tickets.csv: 5 tickets name an organisation csops does not know; they import unmatched: "Freshworks" (5)');
      }, 120_000);
    }
  }
});

// Linking is the store's (issue 25): on both backends.
describe.each(storeBackends('linking unmatched tickets'))('tickets that name an account csops does not know ($name)', (backend) => {
  afterAll(() => dropDatabases());

  it('an unknown account id lands unmatched with the id kept, and links once that account is imported', async () => {
    const { dir, db, csops } = workspace(await backend.fresh(tempDir()));
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'tickets.csv', 'ticket_id,account_id,created_at\nT-1,A-1,2026-10-02T09:00:00Z\nT-2,A-404,2026-10-02T10:00:00Z\nT-3,Globex,2026-10-02T11:00:00Z\n');
    csops(['import', 'accounts', 'accounts.csv']);
    const imported = csops(['import', 'tickets', 'tickets.csv']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('1 ticket names an organisation csops does not know; it imports unmatched: "A-404" (1)');
    // An account column holding a name resolves by the name, as a survey's does.
    expect(await backend.rows(db, 'SELECT ticket_id, account_id, organization FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', account_id: 'A-1', organization: 'A-1' },
      { ticket_id: 'T-2', account_id: null, organization: 'A-404' },
      { ticket_id: 'T-3', account_id: 'A-2', organization: 'Globex' },
    ]);
    writeFile(dir, 'late.csv', 'account_id,name\nA-404,Late Arrival\n');
    const dryRun = csops(['import', 'accounts', 'late.csv', '--dry-run']);
    expect(dryRun.stderr).toContain('warning: late.csv: would link 1 earlier ticket to accounts by organisation\n');
    expect(await backend.rows(db, "SELECT account_id FROM tickets WHERE ticket_id = 'T-2'")).toEqual([{ account_id: null }]);
    expect(csops(['import', 'accounts', 'late.csv']).stderr).toContain('warning: late.csv: linked 1 earlier ticket to accounts by organisation\n');
    expect(await backend.rows(db, "SELECT account_id FROM tickets WHERE ticket_id = 'T-2'")).toEqual([{ account_id: 'A-404' }]);
  }, 30_000);
});

describe('tickets that name an account csops does not know', () => {
  it('a name two accounts share is never guessed: unmatched, with its own note', () => {
    const { dir, db, csops } = workspace();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme Inc\nA-2,ACME Ltd\nA-3,Beta\n');
    writeFile(dir, 'tickets.csv', 'ticket_id,organization,created_at\nT-1,Acme,2026-10-02T09:00:00Z\nT-2,Beta,2026-10-02T10:00:00Z\nT-3,ACME,2026-10-02T11:00:00Z\n');
    csops(['import', 'accounts', 'accounts.csv']);
    const imported = csops(['import', 'tickets', 'tickets.csv']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('warning: tickets.csv: 2 tickets name an organisation more than one account matches; they import unmatched: "Acme" (1), "ACME" (1)');
    expect(imported.stderr).not.toContain('csops does not know');
    expect(queryAll(db, 'SELECT ticket_id, account_id FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', account_id: null },
      { ticket_id: 'T-2', account_id: 'A-3' },
      { ticket_id: 'T-3', account_id: null },
    ]);
  }, 30_000);

  it('a file none of whose tickets match any account says to check the mapping', () => {
    const { dir, csops } = workspace();
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'tickets.csv', 'ticket_id,account_id,created_at\nT-1,900,2026-10-02T09:00:00Z\nT-2,901,2026-10-02T10:00:00Z\n');
    csops(['import', 'accounts', 'accounts.csv']);
    const imported = csops(['import', 'tickets', 'tickets.csv']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain("none of the file's tickets matched any of the 2 accounts: check the column mapped to the account (--map)");
  }, 30_000);
});

describe('surveys naming an organisation csops does not know', () => {
  const SURVEYS = [
    'account_id,responded_at,kind,score,respondent',
    'A-1,2026-11-02,nps,9,ann@acme.com',
    'Globex Corporation,2026-11-03,nps,3,hank@globex.com',
    'Initech,2026-11-04,nps,2,peter@initech.test',
    'A-404,2026-11-05,nps,10,',
    'Umbrella,2026-11-06,nps,7,kim@globex.com',
    'Initech,2026-11-07,csat,5,milton@initech.test',
  ].join('\n');

  for (const [path_, env] of [['main thread', {}], ['worker', FORCE_WORKER]] as const) {
    it(`land unmatched with what they name kept, are left out of health, and link later (${path_})`, () => {
      const { dir, db, csops } = workspace();
      writeFile(dir, 'accounts.csv', ACCOUNTS);
      writeFile(dir, 'surveys.csv', `${SURVEYS}\n`);
      csops(['import', 'accounts', 'accounts.csv']);
      const imported = csops(['import', 'surveys', 'surveys.csv'], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain('warning: surveys.csv: 3 surveys name an organisation csops does not know; they import unmatched: "Initech" (2), "A-404" (1); import those accounts (or give them a domain) and they are linked');
      const rows = () => queryAll<{ response_id: string; account_id: string | null; organization: string | null }>(db, 'SELECT response_id, account_id, organization FROM surveys ORDER BY responded_at');
      const before = rows();
      // By id, by name, by the respondent's e-mail domain (Umbrella is unknown, kim@globex.com is Globex's).
      expect(before.map(({ account_id, organization }) => [account_id, organization])).toEqual([
        ['A-1', 'A-1'], ['A-2', 'Globex Corporation'], [null, 'Initech'], [null, 'A-404'], ['A-2', 'Umbrella'], [null, 'Initech'],
      ]);
      expect(csops(['risk']).code).toBe(0);
      expect(csops(['account', 'A-1']).code).toBe(0);

      writeFile(dir, 'more.csv', 'account_id,name\nA-3,Initech\nA-404,Late Arrival\n');
      const linked = csops(['import', 'accounts', 'more.csv']);
      expect(linked.stderr).toContain('warning: more.csv: linked 3 surveys to accounts by organisation');
      const after = rows();
      // The derived response ids are those of the first import: a re-import updates, never duplicates.
      expect(after.map((row) => row.response_id)).toEqual(before.map((row) => row.response_id));
      expect(after.map((row) => row.account_id)).toEqual(['A-1', 'A-2', 'A-3', 'A-404', 'A-2', 'A-3']);
      const again = csops(['--format', 'json', 'import', 'surveys', 'surveys.csv', '--force'], env);
      expect((JSON.parse(again.stdout) as { files: unknown[] }).files[0]).toMatchObject({ rows: 6, inserted: 0, unchanged: 6 });
      expect(rows()).toEqual(after);
    }, 60_000);
  }
});

/**
 * The Freshdesk export of the real-world corpus (test/fixtures/real-world, on main): custom statuses
 * and types (which land through the open vocabularies of issue 15 item 1), companies csops has never
 * seen, rows with only a contact e-mail. Runs wherever the fixture is present.
 */
const FRESHDESK_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'freshdesk_tickets.csv');

describe.skipIf(!fs.existsSync(FRESHDESK_FIXTURE))('report weekly over the Freshdesk fixture', () => {
  for (const [path_, env] of [['main thread', {}], ['worker', FORCE_WORKER]] as const) {
    it(`counts every ticket, matched or not (${path_})`, () => {
      const { dir, db, csops } = workspace();
      writeFile(dir, 'accounts.csv', 'account_id,name,domain\nA-1,Acme Inc.,acme.com\nA-2,Globex,globex.example\n');
      fs.copyFileSync(FRESHDESK_FIXTURE, path.join(dir, 'freshdesk_tickets.csv'));
      csops(['import', 'accounts', 'accounts.csv']);
      const imported = csops(['--format', 'json', 'import', 'tickets', 'freshdesk_tickets.csv'], env);
      expect(imported.code, imported.stderr).toBe(0);
      const file = (JSON.parse(imported.stdout) as { files: Array<{ rows: number; rejected: number; notes: string[] }> }).files[0]!;
      expect(file).toMatchObject({ rows: 8, rejected: 0 });
      expect(file.notes).toContain(
        '5 tickets name an organisation csops does not know; they import unmatched: cafe-mueller.de (1), example.com (1), "Freshworks" (1), "Initech" (1), "Señor Frío S.A." (1); import those accounts (or give them a domain) and they are linked',
      );
      // Every row of the file was created in 2026-W45 (2–6 November).
      const report = JSON.parse(csops(['report', 'weekly', '--week', '2026-W45', '--format', 'json']).stdout) as {
        figures: { created: number }; top_accounts: Array<{ account_id: string; tickets: number }>; unmatched: { tickets: number };
      };
      expect(report.figures.created).toBe(8);
      expect(report.top_accounts.map((entry) => [entry.account_id, entry.tickets])).toEqual([['A-1', 2], ['A-2', 1]]);
      expect(report.unmatched.tickets).toBe(5);
      expect(csops(['report', 'weekly', '--week', '2026-W45']).stdout).toMatch(/unmatched organisation +5\n/);

      writeFile(dir, 'more.csv', 'account_id,name,domain\nA-3,Initech,\nA-4,Example,example.com\n');
      expect(csops(['import', 'accounts', 'more.csv']).stderr).toContain('linked 2 earlier tickets to accounts by organisation; 3 still name an organisation no account matches');
      expect(queryAll(db, 'SELECT ticket_id, account_id FROM tickets WHERE ticket_id IN (?, ?) ORDER BY ticket_id', '4', '7')).toEqual([
        { ticket_id: '4', account_id: 'A-4' },
        { ticket_id: '7', account_id: 'A-3' },
      ]);
    }, 60_000);
  }
});
