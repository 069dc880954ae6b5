import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, queryAll, runCli, tempDir, writeFile, type CliResult } from '../helpers/cli.js';

/**
 * Deal exports (only won deals become contracts), currencies read from the file, Stripe billing
 * exports, and what an import says about columns it ignores and rows that fail — all through the
 * built binary, on both reading paths (in the main thread, and in the import worker).
 */
// Each test runs the binary several times: give it room on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const PATHS = [
  ['main thread', {}],
  ['import worker', { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' }],
] as const;

function csops(dir: string, args: string[], env: Record<string, string> = {}): CliResult {
  return runCli(['--db', 'csops.db', '--as-of', '2026-11-20', ...args], { cwd: dir, env });
}

function notesOf(result: CliResult, file: string): string[] {
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith(`warning: ${file}: `))
    .map((line) => line.slice(`warning: ${file}: `.length));
}

/** The real Salesforce Opportunity header (Data Export Service), with CurrencyIsoCode as a multi-currency org adds it. */
const OPPORTUNITY_HEADER = (() => {
  const header = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/corpus/dataexport_kowshik527_Opportunity.csv'), 'utf8').split(/\r?\n/)[0]!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
  header.splice(header.indexOf('Amount') + 1, 0, 'CurrencyIsoCode');
  return header;
})();

function opportunityCsv(rows: Array<Record<string, string>>): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = rows.map((row) => OPPORTUNITY_HEADER.map((name) => quote(row[name] ?? (name === 'IsDeleted' ? '0' : ''))).join(','));
  return [OPPORTUNITY_HEADER.map(quote).join(','), ...lines].join('\r\n') + '\r\n';
}

const deal = (Id: string, AccountId: string, StageName: string, Amount: string, CurrencyIsoCode: string, IsWon: string, IsClosed: string, CloseDate: string) => ({
  Id, AccountId, StageName, Amount, CurrencyIsoCode, IsWon, IsClosed, CloseDate, Name: `Deal ${Id}`, Description: 'rich text, "quoted"',
});

describe.each(PATHS)('a Salesforce Opportunity export in three currencies (%s)', (_name, env) => {
  it('imports won deals only, each in its own currency; lost ones are skipped, open ones counted as pipeline', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\n001A,Andes SA\n001B,Lima SAC\n001C,Acme Inc\n');
    expect(csops(dir, ['import', 'accounts.csv']).code).toBe(0);
    writeFile(dir, 'Opportunity.csv', opportunityCsv([
      deal('006A1', '001A', 'Closed Won', '356000000', 'COP', '1', '1', '2026-01-15 00:00:00'),
      deal('006A2', '001A', 'Closed Lost', '1000000', 'COP', '0', '1', '2026-02-15 00:00:00'),
      deal('006B1', '001B', 'Closed Won', '120000.50', 'PEN', '1', '1', '2026-03-01 00:00:00'),
      deal('006B2', '001B', 'Negotiation/Review', '50000', 'PEN', '0', '0', '2026-09-01 00:00:00'),
      deal('006C1', '001C', 'Closed Won', '24000', 'usd', '1', '1', '2026-02-28 00:00:00'),
      // Lost and open deals of accounts csops does not know are not errors: they are not contracts.
      deal('006X1', '001Z', 'Qualify', '10', 'USD', '0', '0', '2026-07-01 00:00:00'),
      deal('006X2', '001Z', 'Closed Lost', 'not a number', 'EUR', '0', '1', '2026-07-01 00:00:00'),
    ]));

    const result = csops(dir, ['import', 'Opportunity.csv'], env);

    expect(result.code, result.stderr).toBe(0);
    expect(queryAll(dir + '/csops.db', 'SELECT contract_id, account_id, start_date, end_date, currency, arr_minor FROM contracts ORDER BY contract_id')).toEqual([
      { contract_id: '006A1', account_id: '001A', start_date: '2026-01-15', end_date: '2027-01-14', currency: 'COP', arr_minor: 35_600_000_000 },
      { contract_id: '006B1', account_id: '001B', start_date: '2026-03-01', end_date: '2027-02-28', currency: 'PEN', arr_minor: 12_000_050 },
      { contract_id: '006C1', account_id: '001C', start_date: '2026-02-28', end_date: '2027-02-27', currency: 'USD', arr_minor: 2_400_000 },
    ]);
    const notes = notesOf(result, 'Opportunity.csv');
    expect(notes).toContain('7 deals: 3 won imported as contracts, 2 lost skipped, 2 open (pipeline, not ARR)');
    expect(notes.some((note) => note.startsWith('end_date: no end or term column; 3 won deals read as 12-month contracts from the close date'))).toBe(true);
    // A currency column was read: no word about a default currency.
    expect(notes.some((note) => note.includes('no currency column'))).toBe(false);
    expect(result.stdout).toMatch(/Opportunity\.csv\s+contracts\s+imported\s+7\s+3\s+0\s+0\s+0/);
  });
});

describe('deal exports of other tools', () => {
  it('HubSpot deals: closedwon/closedlost internal names and labels, a lower-case currency, an unknown stage named', () => {
    const dir = tempDir();
    writeFile(dir, 'companies.csv', 'account_id,name\n9001,Nordisk ApS\n9002,Fjord AS\n');
    expect(csops(dir, ['import', 'companies.csv']).code).toBe(0);
    writeFile(dir, 'hubspot-crm-exports-all-deals.csv', [
      '"Record ID","Deal Name","Deal Stage","Close Date","Amount","Currency","Associated Company IDs","Pipeline"',
      '"501","Nordisk 2026","closedwon","2026-04-01 10:00","120000","dkk","9001","default"',
      '"502","Fjord 2026","Closed Won","2026-05-01 10:00","9000","nok","9002","default"',
      '"503","Fjord upsell","closedlost","2026-06-01 10:00","5000","nok","9002","default"',
      '"504","Nordisk add-on","contractsent","2026-12-01 10:00","7000","dkk","9001","default"',
      '"505","Nordisk pilot","Parked by legal","2026-12-01 10:00","7000","dkk","9001","default"',
      '"506","Nordisk pilot 2","Parked by legal","2026-12-01 10:00","7000","dkk","9001","default"',
    ].join('\n'));

    const result = csops(dir, ['import', 'hubspot-crm-exports-all-deals.csv']);

    expect(result.code, result.stderr).toBe(0);
    expect(queryAll(dir + '/csops.db', 'SELECT contract_id, currency, arr_minor, start_date FROM contracts ORDER BY contract_id')).toEqual([
      { contract_id: '501', currency: 'DKK', arr_minor: 12_000_000, start_date: '2026-04-01' },
      { contract_id: '502', currency: 'NOK', arr_minor: 900_000, start_date: '2026-05-01' },
    ]);
    const notes = notesOf(result, 'hubspot-crm-exports-all-deals.csv');
    expect(notes.find((note) => note.startsWith('6 deals:'))).toBe(
      '6 deals: 2 won imported as contracts, 1 lost skipped, 1 open (pipeline, not ARR), 2 with a stage csops cannot place, not imported ("Parked by legal" 2; only won deals become contracts: a stage containing "Won" or a won flag column such as IsWon)',
    );
  });

  it('a Maven-style pipeline (deal_stage Won/Lost/Engaging, M/D/YYYY after Excel) over accounts keyed by name', () => {
    const dir = tempDir();
    for (const name of ['maven_crm_accounts.csv', 'maven_crm_sales_pipeline_excel_resaved.csv']) fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/corpus', name), path.join(dir, name));

    const accounts = csops(dir, ['import', 'maven_crm_accounts.csv', '--map', 'account=name']);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(notesOf(accounts, 'maven_crm_accounts.csv')).toContain('no account id column: each account\'s name ("account") is its id; contracts, tickets and surveys name the account by it');
    const pipeline = csops(dir, ['import', 'maven_crm_sales_pipeline_excel_resaved.csv']);

    expect(pipeline.code, pipeline.stderr).toBe(0);
    expect(notesOf(pipeline, 'maven_crm_sales_pipeline_excel_resaved.csv')).toContain('60 deals: 44 won imported as contracts, 11 lost skipped, 5 open (pipeline, not ARR)');
    expect(notesOf(pipeline, 'maven_crm_sales_pipeline_excel_resaved.csv')).toContain('amount: no currency column; read as USD (config currency); add a currency column if that is wrong');
    expect(queryAll(dir + '/csops.db', "SELECT account_id, start_date, end_date, arr_minor, plan FROM contracts WHERE contract_id = '1C1I7A6R'")).toEqual([
      { account_id: 'Cancity', start_date: '2017-03-01', end_date: '2018-02-28', arr_minor: 105_400, plan: 'GTX Plus Basic' },
    ]);
    expect(queryAll(dir + '/csops.db', 'SELECT COUNT(*) AS n FROM contracts')).toEqual([{ n: 44 }]);
  });
});

/** The header of a real Stripe Subscriptions export (see shared/corpus/real/SOURCES.md), metadata columns after it. */
const STRIPE_SUBSCRIPTIONS_HEADER = 'id,Customer ID,Customer Description,Customer Email,Plan,Quantity,Currency,Interval,Amount,Status,Created (UTC),Start Date (UTC),Current Period Start (UTC),Current Period End (UTC),Customer Name,salesforce_id (metadata),tier (metadata)';

describe.each(PATHS)('a Stripe export re-saved by a spreadsheet (%s)', (_name, env) => {
  it('customers become accounts; paid subscriptions contracts with ARR = amount × quantity × charges a year', () => {
    const dir = tempDir();
    const bom = '\uFEFF';
    writeFile(dir, 'customers.csv', bom + [
      'id,Description,Email,Name,Created (UTC),Currency,Delinquent,plan_tier (metadata)',
      'cus_A1,Acme (old description),billing@acme.example,Acme Corp,1/5/24 9:30,usd,false,gold',
      'cus_B2,Beta GmbH,ap@beta.example,,2/29/24 14:05,eur,false,',
      'cus_C3,Gamma,ops@gamma.example,Gamma Ltd,3/1/24 0:00,usd,true,',
    ].join('\r\n') + '\r\n');
    writeFile(dir, 'subscriptions.csv', bom + [
      STRIPE_SUBSCRIPTIONS_HEADER,
      'sub_1,cus_A1,Acme,billing@acme.example,Pro,5,usd,month,49.00,active,1/5/24 9:31,1/5/24 9:31,11/5/26 9:31,12/5/26 9:31,Acme Corp,0015e00000KTHRT,gold',
      'sub_2,cus_B2,Beta,ap@beta.example,Team (yearly),12,eur,year,"1,200.00",past_due,2/29/24 14:06,3/1/24 0:00,3/1/26 0:00,3/1/27 0:00,,,',
      'sub_3,cus_C3,Gamma,ops@gamma.example,Starter,1,usd,week,10.00,trialing,11/1/26 8:00,11/1/26 8:00,11/1/26 8:00,11/15/26 8:00,Gamma Ltd,,',
      'sub_4,cus_C3,Gamma,ops@gamma.example,Daily,2,usd,day,1.50,canceled,1/1/25 8:00,1/1/25 8:00,6/1/25 8:00,6/2/25 8:00,Gamma Ltd,,',
      'sub_5,cus_A1,Acme,billing@acme.example,Pro,1,usd,month,49.00,unpaid,1/5/25 9:31,1/5/25 9:31,9/5/26 9:31,10/5/26 9:31,Acme Corp,,',
      'sub_6,cus_B2,Beta,ap@beta.example,Pro,1,eur,month,49.00,incomplete_expired,10/1/26 9:31,10/1/26 9:31,10/1/26 9:31,11/1/26 9:31,,,',
    ].join('\r\n') + '\r\n');

    const accounts = csops(dir, ['import', 'customers.csv', '--format', 'json'], env);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(notesOf(accounts, 'customers.csv')).toContain('read as accounts: Stripe Customers export, recognised from its header');
    // Metadata columns are ignored without being listed.
    expect((JSON.parse(accounts.stdout) as { files: Array<{ ignored_columns: string[] }> }).files[0]!.ignored_columns).toEqual(['Email', 'Delinquent']);
    expect(queryAll(dir + '/csops.db', 'SELECT account_id, name, customer_since, currency FROM accounts ORDER BY account_id')).toEqual([
      { account_id: 'cus_A1', name: 'Acme Corp', customer_since: '2024-01-05', currency: 'USD' },
      // No Name: the description is the name.
      { account_id: 'cus_B2', name: 'Beta GmbH', customer_since: '2024-02-29', currency: 'EUR' },
      { account_id: 'cus_C3', name: 'Gamma Ltd', customer_since: '2024-03-01', currency: 'USD' },
    ]);

    const contracts = csops(dir, ['import', 'subscriptions.csv', '--format', 'json'], env);
    expect(contracts.code, contracts.stderr).toBe(0);
    expect(notesOf(contracts, 'subscriptions.csv')).toContain('read as contracts: Stripe Subscriptions export, recognised from its header');
    expect(contracts.stderr).not.toContain('(metadata)');
    expect(queryAll(dir + '/csops.db', 'SELECT contract_id, account_id, plan, seats, currency, arr_minor, status, start_date, end_date FROM contracts ORDER BY contract_id')).toEqual([
      { contract_id: 'sub_1', account_id: 'cus_A1', plan: 'Pro', seats: 5, currency: 'USD', arr_minor: 294_000, status: 'active', start_date: '2024-01-05', end_date: '2026-12-05' },
      { contract_id: 'sub_2', account_id: 'cus_B2', plan: 'Team (yearly)', seats: 12, currency: 'EUR', arr_minor: 1_440_000, status: 'active', start_date: '2024-03-01', end_date: '2027-03-01' },
      { contract_id: 'sub_4', account_id: 'cus_C3', plan: 'Daily', seats: 2, currency: 'USD', arr_minor: 109_500, status: 'cancelled', start_date: '2025-01-01', end_date: '2025-06-02' },
      { contract_id: 'sub_5', account_id: 'cus_A1', plan: 'Pro', seats: 1, currency: 'USD', arr_minor: 58_800, status: 'churned', start_date: '2025-01-05', end_date: '2026-10-05' },
    ]);
    // A trial and a subscription whose first payment failed are not contracts (nor ARR) yet: counted, not imported.
    expect(notesOf(contracts, 'subscriptions.csv')).toContain('6 subscriptions: 4 imported as contracts; 1 trialing, 1 incomplete_expired not imported (not contracts until they are paid for)');
    const result = JSON.parse(contracts.stdout) as { files: Array<{ rows: number; inserted: number; rejected: number }> };
    expect(result.files[0]).toMatchObject({ rows: 6, inserted: 4, rejected: 0 });
  });
});

describe('Stripe invoices are not contracts', () => {
  it('are refused, naming the subscriptions export to use instead', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/corpus/stripe_invoices_export.csv'), path.join(dir, 'invoices.csv'));
    for (const args of [['import', 'invoices.csv'], ['import', 'contracts', 'invoices.csv'], ['import', '--preset', 'stripe', 'invoices.csv']]) {
      const result = csops(dir, args);
      expect(result.code, args.join(' ')).toBe(65);
      expect(result.stderr).toContain('invoices.csv is a Stripe Invoices export: csops does not import it; invoices are payments, not contracts');
      expect(result.stderr).toContain('export Stripe subscriptions instead (Dashboard → Billing → Subscriptions → Export)');
    }
    expect(fs.existsSync(path.join(dir, 'csops.db')) && queryAll(dir + '/csops.db', 'SELECT COUNT(*) AS n FROM contracts')[0]).toSatisfy((row) => row === false || (row as { n: number }).n === 0);
  });
});

describe('money without a currency column', () => {
  it('reads as the config currency, or as the currency of the account\'s contracts, and says which once per file', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name,channel,acquisition_cost\nA-1,Acme,search_ad,1000\nA-2,Beta,search_ad,2000\nA-3,Gamma,referral,500\n');
    const first = csops(dir, ['import', 'accounts.csv']);
    expect(first.code, first.stderr).toBe(0);
    expect(notesOf(first, 'accounts.csv')).toContain('acquisition_cost: no currency column; read as USD (config currency); add a currency column if that is wrong');

    writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,end_date,arr,currency\nC-1,A-1,2025-01-01,2025-12-31,12000,EUR\nC-2,A-2,2025-01-01,2025-12-31,9000,EUR\nC-3,A-2,2026-01-01,2026-12-31,9000,EUR\nC-4,A-3,2025-01-01,2025-12-31,5000,GBP\n');
    expect(csops(dir, ['import', 'contracts.csv']).code).toBe(0);
    // The acquisition return of search_ad cannot be worked out: cost in USD, revenue in EUR. It says so.
    const acquisition = csops(dir, ['metrics', 'acquisition', '--by', 'channel']);
    expect(acquisition.code, acquisition.stderr).toBe(0);
    expect(acquisition.stderr).toContain('search_ad: no return on acquisition: 2 accounts paid in EUR but with an acquisition cost in USD, so its revenue is shown per currency');

    writeFile(dir, 'accounts-2.csv', 'account_id,name,channel,acquisition_cost\nA-1,Acme,search_ad,1000\nA-2,Beta,search_ad,2000\nA-3,Gamma,referral,500\nA-4,Delta,referral,700\n');
    const again = csops(dir, ['import', 'accounts-2.csv']);
    expect(again.code, again.stderr).toBe(0);
    expect(notesOf(again, 'accounts-2.csv')).toContain("acquisition_cost: no currency column; read as each account's contract currency (EUR for 2 rows, GBP for 1 row), else USD (config currency) for 1 row");
    expect(queryAll(dir + '/csops.db', 'SELECT account_id, currency, acquisition_cost_minor FROM accounts ORDER BY account_id')).toEqual([
      { account_id: 'A-1', currency: 'EUR', acquisition_cost_minor: 100_000 },
      { account_id: 'A-2', currency: 'EUR', acquisition_cost_minor: 200_000 },
      { account_id: 'A-3', currency: 'GBP', acquisition_cost_minor: 50_000 },
      { account_id: 'A-4', currency: 'USD', acquisition_cost_minor: 70_000 },
    ]);
    const after = csops(dir, ['metrics', 'acquisition', '--by', 'channel']);
    expect(after.stderr).not.toContain('no return on acquisition');

    // A renewal file without a currency column: each account's contracts say which.
    writeFile(dir, 'renewals.csv', 'contract_id,account_id,start_date,end_date,arr\nC-5,A-1,2026-01-01,2026-12-31,13000\nC-6,A-4,2026-01-01,2026-12-31,700\n');
    const renewals = csops(dir, ['import', 'renewals.csv']);
    expect(renewals.code, renewals.stderr).toBe(0);
    expect(notesOf(renewals, 'renewals.csv')).toContain("arr: no currency column; read as each account's contract currency (EUR for 1 row), else USD (config currency) for 1 row");
    expect(queryAll(dir + '/csops.db', "SELECT contract_id, currency, arr_minor FROM contracts WHERE contract_id IN ('C-5', 'C-6') ORDER BY 1")).toEqual([
      { contract_id: 'C-5', currency: 'EUR', arr_minor: 1_300_000 },
      { contract_id: 'C-6', currency: 'USD', arr_minor: 70_000 },
    ]);
  });
});

describe('columns csops ignores', () => {
  it('lists up to 8 in full; more are counted, named in part, and all listed with --verbose and in json', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n');
    expect(csops(dir, ['import', 'accounts.csv']).code).toBe(0);
    const extra = Array.from({ length: 12 }, (_, index) => `Extra ${index + 1}`);
    writeFile(dir, 'contracts.csv', `contract_id,account_id,start_date,arr,${extra.join(',')}\nC-1,A-1,2026-01-01,1000,${extra.map(() => 'x').join(',')}\n`);

    const plain = csops(dir, ['import', 'contracts.csv', '--dry-run']);
    expect(plain.stderr).toContain('contracts.csv: 12 columns ignored: Extra 1, Extra 2, Extra 3, Extra 4, … (see --verbose; map one with --map "Header=field")');
    const verbose = csops(dir, ['import', 'contracts.csv', '--dry-run', '--verbose']);
    expect(verbose.stderr).toContain(`ignored columns ${extra.map((name) => `"${name}"`).join(', ')}`);
    const json = csops(dir, ['import', 'contracts.csv', '--dry-run', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { files: Array<{ ignored_columns: string[] }> }).files[0]!.ignored_columns).toEqual(extra);

    writeFile(dir, 'few.csv', 'contract_id,account_id,start_date,arr,Notes\nC-1,A-1,2026-01-01,1000,hello\n');
    expect(csops(dir, ['import', 'few.csv', '--dry-run']).stderr).toContain('few.csv: ignored column "Notes" (no matching field');
  });

  it('--map "Header=" ignores a column the aliases or a preset would map, and a --map overrides them', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n');
    expect(csops(dir, ['import', 'accounts.csv']).code).toBe(0);
    writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,arr,Annual Value (EUR),status\nC-1,A-1,2026-01-01,1000,2000,whatever\n');

    // status would be an error; ignored, it is not read. arr (an alias column) gives way to the mapped one.
    const result = csops(dir, ['import', 'contracts.csv', '--map', 'status=', '--map', 'Annual Value (EUR)=arr']);
    expect(result.code, result.stderr).toBe(0);
    expect(queryAll(dir + '/csops.db', 'SELECT arr_minor, status FROM contracts')).toEqual([{ arr_minor: 200_000, status: null }]);
    expect(result.stderr).toContain('ignored columns "arr", "status"');
  });
});

describe.each(PATHS)('a strict import with many failing rows (%s)', (_name, env) => {
  it('counts every failing row, per column, and lists the first 20', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 2000 }, (_, index) => `T-${index},2026-01-0${1 + (index % 9)} 10:00,${index % 8 < 5 && index < 1880 ? 'great' : '4'},${index % 400 === 0 ? 'not a date' : ''}`);
    writeFile(dir, 'tickets.csv', ['ticket_id,created_at,satisfaction_score,resolved_at', ...rows].join('\n'));
    const badCsat = rows.filter((row) => row.split(',')[2] === 'great').length;

    const result = csops(dir, ['import', 'tickets.csv'], env);

    expect(result.code).toBe(65);
    expect(badCsat).toBe(1175);
    expect(result.stderr).toContain('tickets.csv: 1,175 of 2,000 rows have errors; nothing was imported from this file');
    expect(result.stderr).toMatch(/more rows with errors; by column: column satisfaction_score: 1,175 rows; column resolved_at: 5 rows/);
    expect(result.stderr.split('\n').filter((line) => /^ {2}tickets\.csv:\d+: column/.test(line))).toHaveLength(20);
    expect(fs.existsSync(path.join(dir, 'csops.db')) ? queryAll(dir + '/csops.db', 'SELECT COUNT(*) AS n FROM tickets') : [{ n: 0 }]).toEqual([{ n: 0 }]);
  });
});
