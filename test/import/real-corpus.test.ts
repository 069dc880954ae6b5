import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPreset } from '../../src/import/presets.js';
import { REPO_ROOT, queryAll, runCli, tempDir } from '../helpers/cli.js';

/**
 * Real exports (copied from shared/corpus into test/fixtures/corpus, byte for byte): each one either
 * imports, with the --map flags the README's worked examples give, or is refused with a message
 * that says why and what to do. Files are imported one after another into one database, accounts
 * first, as a user would.
 */
const CORPUS = path.join(REPO_ROOT, 'test/fixtures/corpus');

interface Case {
  file: string;
  args?: string[];
  exit: number;
  /** Imported: kind, rows read and rows inserted. */
  landed?: { kind: string; rows: number; inserted: number; rejected: number };
  /** Texts stderr must hold (notes, or the refusal and its hint). */
  says: string[];
}

const CASES: Case[] = [
  {
    file: 'salesforce_dataloader_account_extract.csv', exit: 0, landed: { kind: 'accounts', rows: 58, inserted: 58, rejected: 0 },
    says: ['read as accounts: Salesforce Account extract, recognised from its header'],
  },
  {
    file: 'zoho_crm_Accounts.csv', exit: 0, landed: { kind: 'accounts', rows: 40, inserted: 40, rejected: 0 },
    says: ['read as accounts: Zoho CRM Accounts export, recognised from its header', 'ignored columns "Account Owner Id", "Account Type"'],
  },
  {
    file: 'maven_crm_accounts.csv', args: ['--map', 'account=name'], exit: 0, landed: { kind: 'accounts', rows: 85, inserted: 85, rejected: 0 },
    says: ['no account id column: each account\'s name ("account") is its id'],
  },
  {
    file: 'maven_crm_sales_pipeline_excel_resaved.csv', exit: 0, landed: { kind: 'contracts', rows: 60, inserted: 44, rejected: 0 },
    says: ['60 deals: 44 won imported as contracts, 11 lost skipped, 5 open (pipeline, not ARR)', 'dates read as month/day/year'],
  },
  {
    // One open opportunity ("Qualify", IsClosed 0): pipeline, not a contract.
    file: 'dataexport_kowshik527_Opportunity.csv', exit: 0, landed: { kind: 'contracts', rows: 1, inserted: 0, rejected: 0 },
    says: ['read as contracts: Salesforce Opportunity export', '1 deal: 0 won imported as contracts, 0 lost skipped, 1 open (pipeline, not ARR)'],
  },
  {
    file: 'zoho_crm_Potentials.csv', exit: 65,
    says: ['this Zoho CRM Potentials (Deals) export has no "account_id" column, which contracts need', 'add ACCOUNTID (or Account Name) to the Zoho Potentials export'],
  },
  {
    file: 'zoho_crm_Cases.csv', exit: 65,
    says: ['this Zoho CRM Cases export has no "ticket_id" column, which tickets need', 'add Case Number (or CASEID) to the Zoho Cases export'],
  },
  {
    file: 'servicenow_incident_list_export.csv', exit: 0, landed: { kind: 'tickets', rows: 66, inserted: 66, rejected: 0 },
    says: ['read as tickets: ServiceNow incident export, recognised from its header'],
  },
  {
    file: 'stripe_invoices_export.csv', exit: 65,
    says: ['is a Stripe Invoices export: csops does not import it', 'export Stripe subscriptions instead'],
  },
  {
    // Nine "#" lines before the table; the table sums over all users.
    file: 'ga4_events_report_with_preamble.csv', exit: 65,
    says: ['is a Google Analytics 4 report: csops does not import it; a GA4 report sums events over all users', 'export events with the user or account id'],
  },
  {
    // UTF-16LE, tab-separated, a title and a date range before the table, "Total:" rows after it.
    file: 'google_ads_report_utf16le_tab.csv', exit: 65,
    says: ['is a Google Ads campaign report: csops does not import it; it gives spend per campaign, not per account', 'acquisition_cost'],
  },
  {
    file: 'daily_login_log_by_user_crlf.csv', args: ['--preset', 'salesforce'], exit: 2,
    says: ['the header does not look like a salesforce export'],
  },
  {
    file: 'daily_login_log_by_user_crlf.csv', args: ['usage'], exit: 65,
    says: ['the rows name a user and a day but no metric', 'this looks like an activity log by user'],
  },
  {
    // One row per order line: the customer repeats.
    file: 'aws_saas_sales_bom_crlf.csv', args: ['accounts', '--map', 'Customer ID=account_id', '--map', 'Customer=name'], exit: 65,
    says: ['35 of 60 rows have errors', 'account_id repeats on many rows: the file looks like one row per transaction'],
  },
  {
    file: 'aws_saas_sales_bom_crlf.csv', args: ['accounts', '--map', 'Customer ID=account_id', '--map', 'Customer=name', '--map', 'Industry=industry', '--skip-invalid', '--rejects', 'aws.rejects.csv'], exit: 0,
    landed: { kind: 'accounts', rows: 60, inserted: 25, rejected: 35 }, says: ['35 rejected rows written to ', 'aws.rejects.csv'],
  },
  {
    // Anonymous responses: no account to attach them to, said per row; the hint never proposes IPAddress or Status.
    file: 'qualtrics_export_3_header_rows.csv', args: ['surveys'], exit: 65,
    says: ['missing required columns "account_id", "responded_at", "score" for surveys', '--map "<column>=account_id"', '--map "Q1=score"'],
  },
  {
    file: 'qualtrics_export_3_header_rows.csv', args: ['surveys', '--map', 'ExternalReference=account_id', '--map', 'Q1=score', '--map', 'RecordedDate=responded_at'], exit: 65,
    says: ['qualtrics_export_3_header_rows.csv:4: column "ExternalReference": a value is required (account_id)'],
  },
];

describe('the real exports in test/fixtures/corpus', () => {
  it('each imports or is refused with why and what to do', { timeout: 120_000 }, () => {
    const dir = tempDir();
    for (const { file, args = [], exit, landed, says } of CASES) {
      fs.copyFileSync(path.join(CORPUS, file), path.join(dir, file));
      // A kind comes before the file (csops import [kind] <file>); flags after it.
      const kind = args[0] !== undefined && !args[0].startsWith('-') ? [args[0]] : [];
      const result = runCli(['--db', 'csops.db', 'import', ...kind, file, '--format', 'json', ...args.slice(kind.length)], { cwd: dir });
      expect(result.code, `${file}: ${result.stderr}`).toBe(exit);
      for (const text of says) expect(result.stderr, file).toContain(text);
      if (landed) {
        const summary = JSON.parse(result.stdout) as { files: Array<{ kind: string; rows: number; inserted: number; rejected: number }> };
        expect(summary.files[0], file).toMatchObject(landed);
      }
    }
    // ServiceNow priorities "1 - Critical" … "5 - Planning" and states read.
    expect(queryAll(`${dir}/csops.db`, "SELECT priority, COUNT(*) AS n FROM tickets GROUP BY priority ORDER BY priority")).toEqual(
      expect.arrayContaining([expect.objectContaining({ priority: 'low' })]),
    );
    expect(queryAll(`${dir}/csops.db`, "SELECT ticket_id, created_at, status, subject FROM tickets WHERE ticket_id = 'INC0010112'")).toEqual([
      { ticket_id: 'INC0010112', created_at: '2019-07-29T11:48:43.000Z', status: 'new', subject: 'Assessment :  ATF Assessor' },
    ]);
  });

  it.each([
    ['freshdesk_ticket_export.csv', 'freshdesk', 'tickets'],
    ['servicenow_incident_list_export.csv', 'servicenow', 'tickets'],
    ['zoho_crm_Accounts.csv', 'zoho', 'accounts'],
    ['zoho_crm_Potentials.csv', 'zoho', 'contracts'],
    ['zoho_crm_Cases.csv', 'zoho', 'tickets'],
    ['stripe_invoices_export.csv', 'stripe', 'contracts'],
    ['salesforce_dataloader_account_extract.csv', 'salesforce', 'accounts'],
    ['dataexport_kowshik527_Opportunity.csv', 'salesforce', 'contracts'],
  ])('%s is recognised as %s %s', (file, preset, kind) => {
    const header = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    expect(detectPreset(header)).toMatchObject({ preset, kind });
  });

  it('the Freshdesk export maps its company and e-mail columns, so tickets can name their organisation', () => {
    const header = fs.readFileSync(path.join(CORPUS, 'freshdesk_ticket_export.csv'), 'utf8').split(/\r?\n/)[0]!.split(',');
    expect(detectPreset(header)!.map).toMatchObject({ 'Company Name': 'organization', Email: 'requester_email', 'Ticket ID': 'ticket_id' });
  });
});
