/**
 * The real-world corpus (test/fixtures/real-world, written by make-fixtures.mjs in the shapes of real
 * exports): a new user's first hour, through the built binary. Every file imports with exit 0 and no
 * rejected row, and each doubtful value is said out loud in a warning that is asserted here word for
 * word. Run on the main thread and in the import worker (CSOPS_IMPORT_WORKER_MIN_BYTES=0).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, queryAll, runCli, tempDir, type CliResult } from '../helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'real-world');

interface Landed {
  rows: number;
  inserted: number;
  rejected: number;
  notes: string[];
  ignored_columns: string[];
}

for (const [path_, env] of [['main thread', {}], ['import worker', { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' }]] as const) {
  describe(`the real-world corpus imports as a new user runs it (${path_})`, () => {
    const dir = tempDir('csops-real-world-');
    const db = path.join(dir, 'csops.db');
    const results = new Map<string, { run: CliResult; landed: Landed }>();
    const importFile = (name: string): { run: CliResult; landed: Landed } => {
      fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
      const run = runCli(['import', name, '--format', 'json', '--as-of', '2026-12-01'], { cwd: dir, env });
      const landed = run.code === 0 ? (JSON.parse(run.stdout) as { files: Landed[] }).files[0]! : ({} as Landed);
      return { run, landed };
    };

    beforeAll(() => {
      // The order a user would follow: accounts, then what refers to them. No kind, no flag, no config.
      for (const name of [
        'salesforce_Account_windows1252.csv',
        'salesforce_Opportunity_windows1252.csv',
        'salesforce_Contract_header_only.csv',
        'jira_cloud_issues.csv',
        'freshdesk_tickets.csv',
        'zendesk_excel_resaved.csv',
        'pandas_tickets.csv',
        'pandas_contracts.csv',
      ]) {
        results.set(name, importFile(name));
      }
    }, 120_000);

    const result = (name: string) => {
      const got = results.get(name)!;
      expect(got.run.code, got.run.stderr).toBe(0);
      expect(got.landed.rejected).toBe(0);
      return got.landed;
    };

    it('Salesforce accounts in Windows-1252 with NULs in a rich-text field: names read right, NULs dropped and counted', () => {
      const landed = result('salesforce_Account_windows1252.csv');
      expect(landed.inserted).toBe(7);
      expect(landed.notes).toContain('read as accounts: Salesforce Account export, recognised from its header');
      expect(landed.notes.some((note) => note.startsWith('read as WINDOWS-1252 (not UTF-8;'))).toBe(true);
      expect(landed.notes).toContain('dropped 12 NUL characters inside quoted fields');
      expect(queryAll(db, 'SELECT name FROM accounts ORDER BY account_id').map((row) => (row as { name: string }).name)).toEqual([
        'Café Müller GmbH', 'Señor Frío S.A.', 'Société Générale Logiciels', 'Acme Inc', 'Zürich Rückversicherung AG', 'Andrés & Hijos Ltda.', 'Pérou Minería S.A.C.',
      ]);
    });

    it('Salesforce opportunities: won deals become contracts in their own currency; lost and open ones are counted, never ARR', () => {
      const landed = result('salesforce_Opportunity_windows1252.csv');
      expect(landed.rows).toBe(10);
      expect(landed.notes).toContain('10 deals: 5 won imported as contracts, 2 lost skipped, 3 open (pipeline, not ARR)');
      expect(landed.notes.some((note) => note.startsWith('end_date: no end or term column; 5 won deals read as 12-month contracts from the close date (a guess'))).toBe(true);
      expect(landed.notes).toContain('dropped 1 NUL character inside quoted fields');
      expect(queryAll(db, "SELECT contract_id, currency, arr_minor, start_date, end_date FROM contracts WHERE contract_id LIKE '006%' ORDER BY contract_id")).toEqual([
        { contract_id: '006dN00000DrvOrQAJ', currency: 'EUR', arr_minor: 4_800_000, start_date: '2026-01-15', end_date: '2027-01-14' },
        { contract_id: '006dN00000DrvOsQAJ', currency: 'EUR', arr_minor: 3_650_050, start_date: '2026-02-01', end_date: '2027-01-31' },
        { contract_id: '006dN00000DrvOuQAJ', currency: 'USD', arr_minor: 12_000_000, start_date: '2026-04-01', end_date: '2027-03-31' },
        { contract_id: '006dN00000DrvOwQAJ', currency: 'COP', arr_minor: 35_600_000_000, start_date: '2026-05-05', end_date: '2027-05-04' },
        { contract_id: '006dN00000DrvOyQAJ', currency: 'PEN', arr_minor: 18_500_000, start_date: '2026-03-20', end_date: '2027-03-19' },
      ]);
    });

    it('an empty Salesforce Contract export imports 0 rows with a note', () => {
      const landed = result('salesforce_Contract_header_only.csv');
      expect(landed.rows).toBe(0);
      expect(landed.notes).toEqual([
        'read as contracts: Salesforce Contract export, recognised from its header',
        'the file has a header but no data rows: 0 rows imported (a file with rows would also need "arr (or mrr, or amount with term_months or end_date)")',
      ]);
    });

    it('Jira Cloud with custom workflow statuses: every status kept as written and classified, organisations linked', () => {
      const landed = result('jira_cloud_issues.csv');
      expect(landed.inserted).toBe(7);
      expect(landed.notes).toContain(
        '1 ticket names an organisation csops does not know; it imports unmatched: "Globex Corporation" (1); import that account (or give it a domain) and it is linked',
      );
      expect(queryAll(db, "SELECT ticket_id, account_id, status, status_raw, priority, type FROM tickets WHERE ticket_id LIKE 'SUP-%' ORDER BY ticket_id")).toEqual([
        { ticket_id: 'SUP-101', account_id: '001dN00000v2DEzQAM', status: 'new', status_raw: 'To Do', priority: 'high', type: 'bug' },
        { ticket_id: 'SUP-102', account_id: '001dN00000v2DEwQAM', status: 'open', status_raw: 'In Review', priority: 'urgent', type: 'bug' },
        { ticket_id: 'SUP-103', account_id: '001dN00000v2DF0QAM', status: 'on_hold', status_raw: 'Blocked', priority: 'normal', type: 'feature' },
        { ticket_id: 'SUP-104', account_id: '001dN00000v2DEzQAM', status: 'closed', status_raw: 'Done', priority: 'low', type: 'question' },
        { ticket_id: 'SUP-105', account_id: '001dN00000v2DEzQAM', status: 'solved', status_raw: "Won't Do", priority: 'low', type: 'bug' },
        { ticket_id: 'SUP-106', account_id: null, status: 'open', status_raw: 'In Progress', priority: 'high', type: 'feature' },
        { ticket_id: 'SUP-107', account_id: null, status: 'pending', status_raw: 'Waiting for customer', priority: 'normal', type: 'other' },
      ]);
    });

    it('csops account shows an open ticket\'s status as the team wrote it beside csops\'s class', () => {
      const account = runCli(['account', 'Acme Inc', '--format', 'json', '--as-of', '2026-11-03'], { cwd: dir, env });
      expect(account.code, account.stderr).toBe(0);
      const view = JSON.parse(account.stdout) as { open_tickets: Array<{ ticket_id: string; status: string | null; status_raw: string | null }> };
      expect(view.open_tickets.find((ticket) => ticket.ticket_id === 'SUP-101')).toMatchObject({ status: 'new', status_raw: 'To Do' });
    });

    it('Freshdesk with custom types and companies csops does not know: every ticket lands, the unknowns are named', () => {
      const landed = result('freshdesk_tickets.csv');
      expect(landed.inserted).toBe(8);
      expect(landed.notes).toContain(
        '4 tickets name an organisation csops does not know; they import unmatched: example.com (1), "Freshworks" (1), "Globex Corporation" (1), "Initech" (1); import those accounts (or give them a domain) and they are linked',
      );
      const typeNote = landed.notes.find((note) => note.startsWith('ticket_type:'));
      expect(typeNote).toMatch(/^ticket_type: 2 values csops does not know: "Push Notifications" \(2\), "Billing" \(1\); they import as type other/);
      expect(typeNote).toContain('"vocabularies": {"ticket_type": {"Push Notifications": ');
      // Matched by company name, and by the contact's e-mail domain where the company is blank.
      expect(queryAll(db, "SELECT account_id FROM tickets WHERE ticket_id IN ('1', '6', '8') ORDER BY ticket_id")).toEqual([
        { account_id: '001dN00000v2DEzQAM' }, { account_id: '001dN00000v2DExQAM' }, { account_id: '001dN00000v2DEwQAM' },
      ]);
    });

    it('Zendesk after Excel: its zero dates are empty, counted, not a resolution in 1900', () => {
      const landed = result('zendesk_excel_resaved.csv');
      expect(landed.inserted).toBe(6);
      expect(landed.notes).toContain('resolved_at: 3 placeholder dates read as empty ("00-01-1900 00:00" 3)');
      expect(queryAll(db, "SELECT ticket_id FROM tickets WHERE ticket_id IN ('301554', '301560', '301575') AND resolved_at IS NULL ORDER BY ticket_id")).toHaveLength(3);
    });

    it('pandas: 5.0 is a score, NaN is empty and counted, True is a flag, the unnamed index column is listed as ignored', () => {
      const tickets = result('pandas_tickets.csv');
      expect(tickets.ignored_columns).toEqual(['column 1 (no header)', 'escalated']);
      expect(tickets.notes).toContain('csat: 2 null spellings read as empty ("NaN" 2); import.null_values in the config lists them');
      expect(tickets.notes).toContain('resolved_at: 2 null spellings read as empty ("NaN" 2); import.null_values in the config lists them');
      expect(queryAll(db, "SELECT ticket_id, csat, priority FROM tickets WHERE ticket_id LIKE 'T-9%' ORDER BY ticket_id")).toEqual([
        { ticket_id: 'T-9001', csat: 5, priority: 'high' },
        { ticket_id: 'T-9002', csat: null, priority: 'urgent' },
        { ticket_id: 'T-9003', csat: 4, priority: null },
        { ticket_id: 'T-9004', csat: null, priority: 'normal' },
        { ticket_id: 'T-9005', csat: 3, priority: 'low' },
      ]);
      const contracts = result('pandas_contracts.csv');
      expect(contracts.notes).toContain('seats: 1 null spelling read as empty ("NaN" 1); import.null_values in the config lists them');
      expect(queryAll(db, "SELECT contract_id, seats, auto_renew, status FROM contracts WHERE contract_id LIKE 'C-5%' ORDER BY contract_id")).toEqual([
        { contract_id: 'C-501', seats: 25, auto_renew: 1, status: 'active' },
        { contract_id: 'C-502', seats: null, auto_renew: 0, status: 'active' },
        { contract_id: 'C-503', seats: 10, auto_renew: null, status: null },
      ]);
    });

    it('report weekly counts every ticket of the week, matched to an account or not', () => {
      const report = runCli(['report', 'weekly', '--week', '2026-W45', '--format', 'json', '--as-of', '2026-12-01'], { cwd: dir, env });
      expect(report.code, report.stderr).toBe(0);
      const json = JSON.parse(report.stdout) as { figures: { created: number }; unmatched: { tickets: number } };
      // No config: the week is Monday to Sunday in UTC.
      const inWeek = queryAll(db, "SELECT count(*) AS n FROM tickets WHERE created_at >= '2026-11-02' AND created_at < '2026-11-09'")[0] as { n: number };
      expect(json.figures.created).toBe(20);
      expect(inWeek.n).toBe(20);
      const unmatched = queryAll(db, "SELECT count(*) AS n FROM tickets WHERE account_id IS NULL AND created_at >= '2026-11-02' AND created_at < '2026-11-09'")[0] as { n: number };
      expect(json.unmatched.tickets).toBe(unmatched.n);
      expect(unmatched.n).toBeGreaterThan(0);
    });
  });
}
