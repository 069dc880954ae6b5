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
];

describe('the real exports in test/fixtures/corpus', () => {
  it('each imports or is refused with why and what to do', { timeout: 120_000 }, () => {
    const dir = tempDir();
    for (const { file, args = [], exit, landed, says } of CASES) {
      fs.copyFileSync(path.join(CORPUS, file), path.join(dir, file));
      const result = runCli(['--db', 'csops.db', 'import', file, '--format', 'json', ...args], { cwd: dir });
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
