import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateChurnHistory } from '../../bench/churn-history.js';
import { rocAuc } from '../../src/core/classification.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { runCli, tempDir, writeFile } from '../helpers/cli.js';

/**
 * csops risk backtest and csops churn-model on generated histories: one with churn drivers planted
 * (silence and unfollowed detractors raise churn, licence utilisation lowers it), one where every
 * account churns with the same chance. Imported and run through the built binary.
 */
interface Effect {
  feature: string;
  direction: string;
}
interface Fit {
  cases: number;
  churned: number;
  cv_auc: number;
  rule_auc: number;
  effects: Effect[];
  folds: Array<{ model_auc: number | null }>;
  saved: { id: number } | null;
}

async function importedHistory(signal: boolean, seed: number) {
  const dir = tempDir('csops-history-');
  const history = await generateChurnHistory({ dir, accounts: 1500, months: 24, signal, usage: 'window', seed });
  const db = path.join(dir, 'history.db');
  const imported = runCli(['--db', db, 'import', ...history.files, '--format', 'json'], { cwd: dir });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const run = (...args: string[]) => runCli(['--db', db, '--as-of', history.asOf, ...args], { cwd: dir });
  return { dir, db, history, run };
}

describe('on a history with planted churn drivers', () => {
  let setup: Awaited<ReturnType<typeof importedHistory>>;
  beforeAll(async () => {
    setup = await importedHistory(true, 7);
  }, 120_000);

  it('the model recovers the drivers\' directions and beats a random score by a clear margin', () => {
    const result = setup.run('churn-model', 'fit', '--from', '2025-01-01', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const fit = JSON.parse(result.stdout) as Fit;
    expect(fit.cases).toBeGreaterThan(1400);
    expect(fit.churned).toBeGreaterThan(150);
    const direction = (feature: string) => fit.effects.find((effect) => effect.feature === feature)!.direction;
    expect(direction('days_since_last_login')).toBe('raises churn');
    expect(direction('unhappy_not_followed_up')).toBe('raises churn');
    expect(direction('licence_utilisation')).toBe('lowers churn');
    // A random score on the same number of cases sits near 0.5; the model must clear it by far.
    const random = seededRandom(1);
    const randomAuc = rocAuc(Array.from({ length: fit.cases }, (_, index) => ({ risk: random(), churned: index < fit.churned })))!;
    expect(Math.abs(randomAuc - 0.5)).toBeLessThan(0.05);
    expect(fit.cv_auc).toBeGreaterThan(randomAuc + 0.2);
    for (const fold of fit.folds) expect(fold.model_auc!).toBeGreaterThan(0.6);
  });

  it('the backtest finds that the health score foretold churn, and bands churn in order', () => {
    const result = setup.run('risk', 'backtest', '--from', '2025-01-01', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const backtest = JSON.parse(result.stdout) as { outcomes: number; auc: number; bands: Array<{ band: string; accounts: number; churn_rate: number | null }>; worst_decile: { lift: number } };
    expect(backtest.outcomes).toBeGreaterThan(1400);
    expect(backtest.auc).toBeGreaterThan(0.65);
    expect(backtest.worst_decile.lift).toBeGreaterThan(1.5);
    const rate = (band: string) => backtest.bands.find((row) => row.band === band)!.churn_rate!;
    expect(rate('at_risk')).toBeGreaterThan(rate('healthy'));
  });

  it('--save stores the model; risk --model learned lists accounts by churn probability with their drivers', () => {
    const fit = setup.run('churn-model', 'fit', '--from', '2025-01-01', '--save', '--format', 'json');
    expect(fit.code, fit.stderr).toBe(0);
    expect((JSON.parse(fit.stdout) as Fit).saved?.id).toBe(1);
    const risk = setup.run('risk', '--model', 'learned', '--format', 'json');
    expect(risk.code, risk.stderr).toBe(0);
    const result = JSON.parse(risk.stdout) as { model: { id: number; cases: number }; accounts: Array<{ churn: { probability: number; drivers: Array<{ words: string }> } }> };
    expect(result.model.id).toBe(1);
    const probabilities = result.accounts.map((account) => account.churn.probability);
    expect(probabilities.length).toBeGreaterThan(100);
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    expect(result.accounts[0]!.churn.drivers[0]!.words).toMatch(/churn odds ×\d/);
    const table = setup.run('risk', '--model', 'learned', '--limit', '3');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/churn/);
    // Replaying an earlier day must not use outcomes learned later.
    const replay = runCli(['--db', setup.db, '--as-of', '2026-01-15', 'risk', '--model', 'learned'], { cwd: setup.dir });
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain(`no churn model was learned as of 2026-01-15 or before (the earliest is as of ${setup.history.asOf})`);
  });
});

describe('on a history without any signal', () => {
  it('the cross-validated AUC stays near 0.5: nothing is learned that is not there', async () => {
    const { run } = await importedHistory(false, 9);
    const result = run('churn-model', 'fit', '--from', '2025-01-01', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const fit = JSON.parse(result.stdout) as Fit;
    expect(fit.churned).toBeGreaterThan(150);
    expect(Math.abs(fit.cv_auc - 0.5)).toBeLessThan(0.07);
  }, 120_000);
});

describe('without enough history', () => {
  it('refuses to fit, naming what is missing', async () => {
    const { run } = await importedHistory(true, 3);
    // The generated contracts all end by mid-September: nothing ends in this window.
    const result = run('churn-model', 'fit', '--from', '2026-09-20');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/too few to learn from/);
    const none = run('risk', '--model', 'learned');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('csops churn-model fit --save');
  }, 120_000);
});

describe('risk backtest case selection', () => {
  it('leaves out a contract whose renewal had started by its cut-off: there was nothing to foretell', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA1,Alpha\nA2,Beta\n');
    // A1 renewed early (C2, typed renewal, began five months before C1 ended); A2 renewed the day after its end.
    writeFile(
      dir,
      'contracts.csv',
      ['contract_id,account_id,start_date,end_date,arr,type', 'C1,A1,2025-01-01,2025-12-31,10000,', 'C2,A1,2025-08-01,2026-07-31,20000,renewal', 'D1,A2,2025-01-01,2025-12-31,10000,', 'D2,A2,2026-01-01,2026-12-31,10000,'].join('\n'),
    );
    const db = path.join(dir, 'early.db');
    expect(runCli(['--db', db, 'import', 'accounts.csv', 'contracts.csv'], { cwd: dir }).code).toBe(0);
    const result = runCli(['--db', db, '--as-of', '2026-11-20', 'risk', 'backtest', '--from', '2025-06-01', '--format', 'json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const backtest = JSON.parse(result.stdout) as { cases: Array<{ contract_id: string }>; left_out: { renewed_before_cutoff: number } };
    // C1 is left out; D1 (renewed on time) and C2 (no renewal: churned) are cases.
    expect(backtest.cases.map((entry) => entry.contract_id)).toEqual(['D1', 'C2']);
    expect(backtest.left_out.renewed_before_cutoff).toBe(1);
  });
});
