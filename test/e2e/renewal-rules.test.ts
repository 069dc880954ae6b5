import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFile } from '../helpers/cli.js';

/**
 * Issue 16 part 3 through the built binary: an account whose trial starts mid-term, one on two
 * products, one upgraded mid-term and one whose contract says churned and ends on the as-of day; renewals and risk as JSON.
 */
const ACCOUNTS = [
  'account_id,name,owner',
  'E-1,Enterprise With Trial,ana@example.com',
  'P-1,Two Products,ana@example.com',
  'U-1,Upgraded Midterm,bo@example.com',
  'C-1,Churning Customer,bo@example.com',
].join('\n');

const CONTRACTS = [
  'contract_id,account_id,start_date,end_date,arr,currency,status,plan,seats,auto_renew,type',
  'S-1,E-1,2024-01-01,2024-12-30,207756,USD,Active,Enterprise,500,false,New Business',
  'T-9,E-1,2024-06-20,2025-06-19,0,USD,Trialing,Enterprise,50,false,',
  'A-1,P-1,2024-01-01,2024-12-31,50000,USD,Active,Analytics,100,false,',
  'M-1,P-1,2024-03-01,2025-02-28,20000,USD,Active,Messaging,40,false,',
  'B-1,U-1,2024-01-01,2024-12-30,40000,USD,Active,Business,80,false,New Business',
  'S-88,U-1,2024-06-20,2025-06-19,90000,USD,Active,Enterprise,150,false,Upgrade',
  'X-1,C-1,2023-11-21,2024-11-20,30000,USD,Churned,Business,60,true,New Business',
].join('\n');

interface RenewalsJson {
  renewals: Array<{ account_id: string; contract_ids: string[]; state: string; rule: string; arr: number; days_left: number }>;
  notes: string[];
}
interface RiskJson {
  accounts: Array<{ account_id: string; arr: number | null; reasons: string[] }>;
}

for (const workerMinBytes of ['0', '1000000000']) {
  describe(`renewals with many subscriptions (import worker from ${workerMinBytes} bytes)`, () => {
    it('keeps the Enterprise ARR beside a trial, adds two products, replaces on an upgrade, and gives a churned contract no renewal', () => {
      const dir = tempDir();
      writeFile(dir, 'accounts.csv', ACCOUNTS);
      writeFile(dir, 'contracts.csv', CONTRACTS);
      const env = { CSOPS_IMPORT_WORKER_MIN_BYTES: workerMinBytes };
      const imported = runCli(['import', 'accounts.csv', 'contracts.csv'], { cwd: dir, env });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).not.toMatch(/contract_status|contract_type/);

      const renewals = runCli(['renewals', '--as-of', '2024-11-20', '--within', '60d', '--format', 'json'], { cwd: dir, env });
      expect(renewals.code, renewals.stderr).toBe(0);
      const result = JSON.parse(renewals.stdout) as RenewalsJson;
      const rows = Object.fromEntries(result.renewals.map((row) => [row.account_id, row]));
      expect(Object.keys(rows).sort()).toEqual(['C-1', 'E-1', 'P-1', 'U-1']);
      expect(rows['E-1']).toMatchObject({ contract_ids: ['S-1'], state: 'open', rule: 'runs until 2024-12-30', arr: 207_756, days_left: 40 });
      expect(rows['P-1']).toMatchObject({ contract_ids: ['A-1'], state: 'open', arr: 50_000 });
      expect(rows['U-1']).toMatchObject({ contract_ids: ['B-1'], state: 'renewed', rule: 'replaced on 2024-06-20 by S-88 (upgrade), 193 days before the end (2024-12-30)' });
      expect(rows['C-1']).toMatchObject({ contract_ids: ['X-1'], state: 'churned', rule: 'status says churned' });
      expect(result.renewals.map((row) => row.rule).join('\n')).not.toMatch(/within 30 days of the end/);

      const risk = runCli(['risk', '--as-of', '2024-11-20', '--format', 'json'], { cwd: dir, env });
      expect(risk.code, risk.stderr).toBe(0);
      const accounts = Object.fromEntries((JSON.parse(risk.stdout) as RiskJson).accounts.map((account) => [account.account_id, account]));
      expect(accounts['E-1']!.arr).toBe(207_756);
      expect(accounts['P-1']!.arr).toBe(70_000);
      expect(accounts['U-1']!.arr).toBe(90_000);
      expect(accounts['C-1']!.reasons).toContain('contract ends today (2024-11-20) and will not renew: status says churned');
      expect(risk.stdout).not.toMatch(/renews automatically/);

      // The account view still lists the trial, marked as one, beside the contract it does not replace.
      const account = runCli(['account', 'E-1', '--as-of', '2024-11-20', '--format', 'json'], { cwd: dir, env });
      expect(account.code, account.stderr).toBe(0);
      const contracts = (JSON.parse(account.stdout) as { contracts: Array<{ contract_id: string; state: string; rule: string }> }).contracts;
      expect(contracts.map(({ contract_id, state }) => [contract_id, state])).toEqual([['S-1', 'open'], ['T-9', 'trial']]);
      expect(contracts[1]!.rule).toBe('a trial: never renews, replaces or adds ARR');
    }, 60_000);
  });
}

/**
 * A dated status: a cancellation day (a CRM's cancellation_date, Stripe's "Canceled At (UTC)") says
 * the contract will not renew from that day on, and nothing before it; a status without a date only
 * speaks once the contract has ended.
 */
interface RiskFactors {
  accounts: Array<{ account_id: string; reasons: string[]; factors: Array<{ factor: string; points: number | null }> }>;
}

describe.each([
  {
    shape: 'a CRM export with a cancellation date',
    accounts: 'account_id,name\nN-1,Gave Notice\nK-1,Keeps Paying',
    contracts: [
      'contract_id,account_id,start_date,end_date,arr,currency,status,auto_renew,Cancellation Date',
      'N-C,N-1,2024-01-01,2024-12-31,60000,USD,Active,true,2024-10-15',
      'K-C,K-1,2024-01-01,2024-12-31,60000,USD,Active,true,',
    ].join('\n'),
  },
  {
    shape: 'a Stripe Subscriptions export (cancel at period end)',
    accounts: 'id,Email,Created (UTC),Description\nN-1,n@example.com,2023-06-01 10:00,Gave Notice\nK-1,k@example.com,2023-06-01 10:00,Keeps Paying',
    contracts: [
      'id,Customer ID,Plan,Quantity,Currency,Interval,Amount,Status,Start Date (UTC),Current Period Start (UTC),Current Period End (UTC),Canceled At (UTC),Cancel At Period End',
      'N-C,N-1,Business,10,usd,year,6000.00,active,2024-01-01 00:00,2024-01-01 00:00,2024-12-31 00:00,2024-10-15 14:03,true',
      'K-C,K-1,Business,10,usd,year,6000.00,active,2024-01-01 00:00,2024-01-01 00:00,2024-12-31 00:00,,false',
    ].join('\n'),
  },
])('a cancellation day: $shape', ({ accounts, contracts }) => {
  it('gives no renewal points from the day of the notice on, says so, and churns the contract once it ends', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', accounts);
    writeFile(dir, 'contracts.csv', contracts);
    const imported = runCli(['import', 'accounts.csv', 'contracts.csv'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toMatch(/Cancel(lation Date|ed At)/);
    const renewal = (asOf: string) => {
      const risk = runCli(['risk', '--as-of', asOf, '--format', 'json'], { cwd: dir });
      expect(risk.code, risk.stderr).toBe(0);
      const json = JSON.parse(risk.stdout) as RiskFactors;
      const of = (id: string) => json.accounts.find((account) => account.account_id === id)!;
      return { points: (id: string) => of(id).factors.find((factor) => factor.factor === 'renewal_proximity')!.points, reasons: (id: string) => of(id).reasons };
    };
    const before = renewal('2024-10-14');
    expect(before.points('N-1')).toBe(before.points('K-1'));
    expect(before.points('N-1')).toBeGreaterThan(0);
    const after = renewal('2024-10-15');
    expect(after.points('N-1')).toBe(0);
    expect(after.points('K-1')).toBeGreaterThan(0);
    expect(after.reasons('N-1')).toContain('contract ends in 77 days (2024-12-31) and will not renew: cancelled on 2024-10-15');

    const renewals = (asOf: string) => {
      const result = runCli(['renewals', '--as-of', asOf, '--within', '90d', '--format', 'json'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      return Object.fromEntries((JSON.parse(result.stdout) as RenewalsJson).renewals.map((row) => [row.account_id, row]));
    };
    expect(renewals('2024-10-14')['N-1']).toMatchObject({ state: 'open', rule: 'runs until 2024-12-31' });
    expect(renewals('2024-11-01')['N-1']).toMatchObject({ state: 'open', rule: 'runs until 2024-12-31; cancelled on 2024-10-15, will not renew' });
    // After the end: the one that gave notice churned; the other, with no renewal recorded yet, is lapsed.
    expect(Object.keys(renewals('2025-01-05'))).toEqual(['K-1']);
    const account = runCli(['account', 'N-1', '--as-of', '2025-01-05', '--format', 'json'], { cwd: dir });
    expect(account.code, account.stderr).toBe(0);
    const contract = (JSON.parse(account.stdout) as { contracts: Array<{ contract_id: string; state: string; rule: string }> }).contracts[0];
    expect(contract).toMatchObject({ contract_id: 'N-C', state: 'churned', rule: 'cancelled on 2024-10-15; ended 2024-12-31' });
  }, 60_000);
});
