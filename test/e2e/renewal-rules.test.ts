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
    });
  });
}
