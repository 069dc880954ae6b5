// Issue 21: contacts, contact roles and touchpoints imported from real export shapes (fixtures in
// test/fixtures/people, see its README), the departure history, and the champion_left signal, run
// through the built binary on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT, runCli, tempDir, writeFile } from '../helpers/cli.js';

const PEOPLE = path.join(REPO_ROOT, 'test', 'fixtures', 'people');
const fixture = (name: string) => path.join(PEOPLE, name);

const ACCOUNTS = `account_id,name,domain,owner
001dN00000Acme01AA,Acme Logistics,acme-logistics.com,Maya Chen
001dN00000Birc02AA,Birch Works,birchworks.io,Maya Chen
200000000101,Harbor Foods,harborfoods.com,Jo Park
ACC-Q,Quayside Co,quayside.co,Jo Park
YF-1,北京云帆零售有限公司,yunfan.cn,王强
`;
// Acme is high-touch (ARR 250,000); its Salesforce opportunity id is its contract id (WhatId resolves through it).
const CONTRACTS = `contract_id,account_id,start_date,end_date,arr
006dN00000Opp01AAA,001dN00000Acme01AA,2026-01-01,2026-12-31,250000
006dN00000Opp02AAA,001dN00000Birc02AA,2026-03-01,2027-02-28,50000
C-H,200000000101,2026-02-01,2027-01-31,80000
C-Q,ACC-Q,2026-02-01,2027-01-31,9000
C-Y,YF-1,2026-02-01,2027-01-31,300000
`;

interface RiskJson {
  accounts: Array<{ account_id: string; score: number | null; band: string; reasons: string[]; at_risk_signals: string[]; signals: Array<{ signal: string; reason: string }>; factors: Array<{ factor: string; missing: boolean; points: number | null; inputs: Record<string, unknown> }> }>;
  changes?: { accounts: Array<{ account_id: string; new_signals: Array<{ signal: string; reason: string }>; new_at_risk_signals: string[] }> };
}

const LEFT = 'champion Na Li (Head of Ops) left on 2026-10-02; no other champion named';

/** The workspace of the describe block running now (each sets it in its beforeAll; blocks run one after another). */
let dir = '';
const csops = (...args: string[]) => runCli(args, { cwd: dir });
const ok = (...args: string[]) => {
  const result = csops(...args);
  expect(result.code, result.stderr).toBe(0);
  return result;
};

describe('csops import contacts, contact_roles and touchpoints (issue 21)', () => {
  const risk = (asOf: string, ...extra: string[]): RiskJson => {
    const result = csops('--as-of', asOf, 'risk', '--format', 'json', ...extra);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as RiskJson;
  };
  const acme = (json: RiskJson) => json.accounts.find((account) => account.account_id === '001dN00000Acme01AA')!;

  beforeAll(() => {
    dir = tempDir('csops-people-');
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'contracts.csv', CONTRACTS);
    const result = csops(
      '--as-of', '2026-09-30', 'import', 'accounts.csv', 'contracts.csv',
      fixture('salesforce_Task.csv'), fixture('salesforce_OpportunityContactRole.csv'), fixture('salesforce_Contact_2026-09.csv'), fixture('hubspot_contacts.csv'), fixture('wukong_联系人.csv'),
    );
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recognises each export, imports in dependency order and reads every column it maps', () => {
    const db = new Database(path.join(dir, 'csops.db'), { readonly: true });
    try {
      const contacts = db.prepare('SELECT contact_id, account_id, name, title, role, role_raw, is_decision_maker, created_at, first_seen_on FROM contacts ORDER BY contact_id').all() as Array<Record<string, unknown>>;
      expect(contacts).toHaveLength(8);
      const byName = new Map(contacts.map((contact) => [contact.name, contact]));
      // Salesforce: FirstName + LastName, the custom Role__c, CreatedDate as a date.
      expect(byName.get('Na Li')).toMatchObject({ contact_id: '003dN00000LiNa01AA', account_id: '001dN00000Acme01AA', role: 'champion', title: 'Head of Ops', created_at: '2025-03-02', first_seen_on: '2026-09-30' });
      // An unknown role is kept as written, with no canonical role.
      expect(byName.get('Sara Kim')).toMatchObject({ role: null, role_raw: 'Influencer' });
      // HubSpot: the company's record id names the account; a contact with no company id is matched by its company name.
      expect(byName.get('Maya Chen')).toMatchObject({ account_id: '200000000101', role: 'champion' });
      expect(byName.get('Ravi Patel')).toMatchObject({ role: 'economic_buyer' });
      expect(byName.get('Ann Lee')).toMatchObject({ account_id: 'ACC-Q', role: 'user' });
      // WukongCRM: no id column (derived from account and name), 客户名称 resolved by name, 是否关键决策人 是/否.
      expect(byName.get('李娜')).toMatchObject({ account_id: 'YF-1', is_decision_maker: 1, title: '运营总监' });
      expect(String(byName.get('李娜')!.contact_id)).toMatch(/^C-[0-9a-f]{16}$/);
      expect(byName.get('张伟')).toMatchObject({ is_decision_maker: 0 });
      const roles = db.prepare('SELECT contact_id, role, role_raw, is_primary FROM contact_roles ORDER BY role_id').all();
      expect(roles).toEqual([
        { contact_id: '003dN00000TomB02AA', role: 'economic_buyer', role_raw: 'Economic Buyer', is_primary: 1 },
        { contact_id: '003dN00000LiNa01AA', role: 'user', role_raw: 'Business User', is_primary: 0 },
        { contact_id: '003dN00000Sara03AA', role: null, role_raw: 'Evaluator', is_primary: 1 },
      ]);
      // Tasks: AccountId, else WhatId (an account), else WhoId's account; the task not started is set aside.
      const touchpoints = db.prepare('SELECT touchpoint_id, account_id, contact_id, date, type, type_raw FROM touchpoints ORDER BY touchpoint_id').all();
      expect(touchpoints).toEqual([
        { touchpoint_id: '00TdN00000Tsk001AA', account_id: '001dN00000Acme01AA', contact_id: '003dN00000TomB02AA', date: '2026-09-10', type: 'call', type_raw: 'Call' },
        { touchpoint_id: '00TdN00000Tsk002AA', account_id: '001dN00000Acme01AA', contact_id: '003dN00000LiNa01AA', date: '2026-09-15', type: 'meeting', type_raw: 'Meeting' },
        { touchpoint_id: '00TdN00000Tsk003AA', account_id: '001dN00000Birc02AA', contact_id: '003dN00000Sara03AA', date: '2026-09-18', type: 'email', type_raw: 'Email' },
      ]);
    } finally {
      db.close();
    }
  });

  it('says what it set aside and what it could not classify', () => {
    const result = csops('--as-of', '2026-09-30', 'import', fixture('salesforce_Task.csv'), '--force', '--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 task not done yet (a status such as Not Started, In Progress or Deferred) set aside');
    const roles = csops('import', fixture('salesforce_OpportunityContactRole.csv'), '--force', '--dry-run');
    expect(roles.stderr).toContain('"vocabularies": {"contact_role": {"Evaluator"');
  });

  it('a later export marking the champion gone raises champion_left on the day, and an earlier --as-of replays them as there', () => {
    const before = risk('2026-10-01');
    const result = csops('--as-of', '2026-10-02', 'import', fixture('salesforce_Contact_2026-10.csv'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 contact newly marked as left (0 on their left_at day, 1 on this import\'s day');

    const after = risk('2026-10-05');
    const row = acme(after);
    expect(row.band).toBe('at_risk');
    expect(row.reasons[0]).toBe(LEFT);
    expect(row.signals).toContainEqual({ signal: 'champion_left', reason: LEFT });
    const relationship = row.factors.find((factor) => factor.factor === 'relationship')!;
    expect(relationship.inputs).toMatchObject({ champion_left: 'Na Li (Head of Ops)', champion_left_on: '2026-10-02' });

    // The same files replayed as of the day before the departure: nobody left.
    const replayed = acme(risk('2026-10-01'));
    expect(replayed.signals).toEqual([]);
    expect(replayed.reasons.join(' ')).not.toContain('left on');
    expect(replayed.score).toBe(acme(before).score);

    const changes = risk('2026-10-02', '--changes', '--since', '2026-10-01').changes!.accounts;
    const change = changes.find((entry) => entry.account_id === '001dN00000Acme01AA')!;
    expect(change.new_signals).toEqual([{ signal: 'champion_left', reason: LEFT }]);
    expect(change.new_at_risk_signals).toEqual([LEFT]);
    // Nothing new on the day before.
    expect(risk('2026-10-01', '--changes', '--since', '2026-09-30').changes!.accounts.some((entry) => entry.new_signals.length > 0)).toBe(false);
    // Past 90 days (champion_left_days), the departure is no longer news; the champion is still missing.
    const later = acme(risk('2027-01-02'));
    expect(later.signals.map((entry) => entry.signal)).not.toContain('champion_left');
    expect(later.reasons).toContain('no champion there since Na Li (Head of Ops) left');
  });

  it('never re-reads a departure from re-importing the same export, and keeps the day it first saw', () => {
    const result = csops('--as-of', '2026-10-20', 'import', fixture('salesforce_Contact_2026-10.csv'), '--force');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('newly marked as left');
    expect(acme(risk('2026-10-21')).signals).toEqual([{ signal: 'champion_left', reason: LEFT }]);
  });
});

describe('departures: left_at, --complete, contacts first seen gone', () => {
  const signalsOf = (asOf: string, account: string) => {
    const result = csops('--as-of', asOf, 'risk', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as RiskJson).accounts.find((row) => row.account_id === account)!.signals;
  };

  beforeAll(() => {
    dir = tempDir('csops-departures-');
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'contracts.csv', CONTRACTS);
    expect(csops('import', 'accounts.csv', 'contracts.csv').code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a left_at dates the departure, whatever day the file is imported', () => {
    writeFile(dir, 'c1.csv', 'contact_id,account_id,name,title,role,status,left_at,created_at\nK1,200000000101,Kai Wu,Ops Lead,Champion,Active,,2025-01-01\nK2,200000000101,Lin Ho,CFO,,在职,,2025-01-01\n');
    expect(csops('--as-of', '2026-09-01', 'import', 'contacts', 'c1.csv').code).toBe(0);
    writeFile(dir, 'c2.csv', 'contact_id,account_id,name,title,role,status,left_at,created_at\nK1,200000000101,Kai Wu,Ops Lead,Champion,No longer with company,2026-08-20,2025-01-01\nK2,200000000101,Lin Ho,CFO,,在职,,2025-01-01\n');
    const result = csops('--as-of', '2026-09-10', 'import', 'contacts', 'c2.csv');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 contact newly marked as left (1 on their left_at day');
    const reason = 'champion Kai Wu (Ops Lead) left on 2026-08-20; no other champion named';
    expect(signalsOf('2026-08-25', '200000000101')).toEqual([{ signal: 'champion_left', reason }]);
    expect(signalsOf('2026-08-19', '200000000101')).toEqual([]);
  });

  it('a contact missing from a later export has not left, unless the export is declared --complete', () => {
    writeFile(dir, 'y1.csv', 'contact_id,account_id,name,title,role\nY1,YF-1,王芳,运营经理,核心用户\nY2,YF-1,赵磊,采购经理,\n');
    expect(csops('--as-of', '2026-09-01', 'import', 'contacts', 'y1.csv').code).toBe(0);
    writeFile(dir, 'y2.csv', 'contact_id,account_id,name,title,role\nY2,YF-1,赵磊,采购经理,\n');
    const partial = csops('--as-of', '2026-09-15', 'import', 'contacts', 'y2.csv');
    expect(partial.code, partial.stderr).toBe(0);
    expect(signalsOf('2026-09-20', 'YF-1')).toEqual([]);
    const complete = csops('--as-of', '2026-09-21', 'import', 'contacts', 'y2.csv', '--complete');
    expect(complete.code, complete.stderr).toBe(0);
    expect(complete.stderr).toContain('--complete: ');
    expect(signalsOf('2026-09-22', 'YF-1')).toEqual([{ signal: 'champion_left', reason: 'champion 王芳 (运营经理) left on 2026-09-21; no other champion named' }]);
    // Listed again later: back from that day.
    const back = csops('--as-of', '2026-10-01', 'import', 'contacts', 'y1.csv');
    expect(back.stderr).toContain('listed again as current');
    expect(signalsOf('2026-10-02', 'YF-1')).toEqual([]);
    expect(signalsOf('2026-09-25', 'YF-1')).toHaveLength(1);
  });

  it('--complete is refused for other kinds, and not applied when rows were rejected', () => {
    const refused = csops('import', 'accounts', 'accounts.csv', '--complete');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--complete is for contacts files');
    writeFile(dir, 'y3.csv', 'contact_id,account_id,name,title,left_at\nY2,YF-1,赵磊,采购经理,not a date\n');
    const skipped = csops('--as-of', '2026-10-05', 'import', 'contacts', 'y3.csv', '--complete', '--skip-invalid');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain('--complete not applied: 1 row was rejected');
    expect(signalsOf('2026-10-06', 'YF-1')).toEqual([]);
  });

  it('a contact first seen already gone counts as gone but raises no champion_left (no day is known)', () => {
    writeFile(dir, 'b1.csv', 'contact_id,account_id,name,title,role,status\nB1,001dN00000Birc02AA,Old Champ,Head of IT,Champion,Inactive\n');
    const result = csops('--as-of', '2026-09-05', 'import', 'contacts', 'b1.csv');
    expect(result.stderr).toContain('first seen already gone without a left_at');
    expect(signalsOf('2026-09-06', '001dN00000Birc02AA')).toEqual([]);
  });

  it('a touchpoint naming nothing csops knows is rejected with its file, line, column and value', () => {
    writeFile(dir, 't.csv', 'touchpoint_id,account_id,date,type,subject\nT1,Nobody Inc,2026-09-01,Call,hello\n');
    const result = csops('import', 'touchpoints', 't.csv');
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('t.csv:2: column "account_id": an imported account; account "Nobody Inc" names none');
  });
});

describe('without contacts, every score is what csops gave before the relationship factor', () => {
  // The earlier scoring is the legacy config's: a config that sets weights but none for relationship
  // keeps the earlier defaults (25/15/15/10/15/10/10) and gives relationship 0, which is how csops
  // scored before the factor existed. The default config, with relationship weighted 20 and the
  // others scaled by 4/5, must give the same scores, bands, confidence, reasons and factor points
  // when no contacts are imported. (The same comparison was made against the build before issue 21.)
  const SAMPLE = path.join(REPO_ROOT, 'sample-data');
  beforeAll(() => {
    dir = tempDir('csops-no-contacts-');
    const config = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'csops.config.json'), 'utf8')) as { health: Record<string, unknown> };
    writeFile(dir, 'csops.config.json', JSON.stringify(config));
    writeFile(dir, 'legacy.json', JSON.stringify({ ...config, health: { ...config.health, factors: { usage_recency: { weight: 25 } } } }));
    const files = ['accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv', 'surveys.csv'].map((name) => path.join(SAMPLE, name));
    const result = runCli(['import', ...files, '-q'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['2025-12-15', '2026-06-30', '2026-11-20'])('as of %s', (asOf) => {
    const scored = (...config: string[]) => {
      const result = runCli([...config, '--as-of', asOf, 'risk', '--format', 'json'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as RiskJson).accounts.map((row) => {
        const { factors, ...rest } = row as RiskJson['accounts'][number] & Record<string, unknown>;
        return { ...rest, factors: factors.filter((factor) => factor.factor !== 'relationship') };
      });
    };
    const now = scored();
    const before = scored('--config', 'legacy.json');
    expect(now.length).toBeGreaterThan(200);
    expect(now).toEqual(before);
    const relationship = (JSON.parse(runCli(['--as-of', asOf, 'risk', '--format', 'json', '--limit', '1'], { cwd: dir }).stdout) as RiskJson).accounts[0]!.factors.find((factor) => factor.factor === 'relationship')!;
    expect(relationship).toMatchObject({ missing: true, points: null, weight: 0, detail: 'no contacts imported (csops import contacts)' });
  });
});

describe('csops account and renewals show the people (issue 21 item 5)', () => {
  interface Contact { contact_id: string; name: string; status: string; left_on: string | null; roles: string[]; last_touchpoint: string | null; last_active: string | null }
  const view = (asOf: string) => JSON.parse(ok('--as-of', asOf, 'account', 'Acme Logistics', '--format', 'json').stdout) as { contacts: Contact[]; touchpoints: Array<Record<string, unknown>> };
  interface Renewal { account_id: string; tier: string; no_decision_maker_contact: boolean | null; last_decision_maker_touchpoint: string | null; decision_maker_note: string | null }
  const renewals = (asOf: string) => JSON.parse(ok('--as-of', asOf, 'renewals', '--within', '365d', '--format', 'json').stdout) as { renewals: Renewal[]; no_decision_maker_contact: number };

  beforeAll(() => {
    dir = tempDir('csops-people-view-');
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'contracts.csv', CONTRACTS);
    ok('--as-of', '2026-09-30', 'import', 'accounts.csv', 'contracts.csv', fixture('salesforce_Task.csv'), fixture('salesforce_OpportunityContactRole.csv'), fixture('salesforce_Contact_2026-09.csv'), fixture('hubspot_contacts.csv'), fixture('wukong_联系人.csv'), '-q');
    ok('--as-of', '2026-10-02', 'import', fixture('salesforce_Contact_2026-10.csv'), '-q');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('JSON carries contacts and touchpoints with stable keys; the departure is dated and replays', () => {
    const after = view('2026-10-05');
    expect(Object.keys(after.contacts[0]!)).toEqual(['contact_id', 'name', 'title', 'email', 'phone', 'roles', 'role_source', 'role_raw', 'is_primary', 'status', 'left_on', 'last_touchpoint', 'last_active', 'last_active_in_product', 'known_from']);
    // Those there first, then the departed.
    expect(after.contacts.map((contact) => [contact.name, contact.status, contact.left_on])).toEqual([['Tom Baker', 'active', null], ['Na Li', 'left', '2026-10-02']]);
    expect(after.contacts[1]).toMatchObject({ roles: ['champion', 'user'], last_touchpoint: '2026-09-15', last_active: '2026-09-20' });
    expect(after.touchpoints.map((touchpoint) => Object.keys(touchpoint))[0]).toEqual(['touchpoint_id', 'date', 'type', 'type_raw', 'contact_id', 'contact_name', 'subject', 'owner']);
    expect(after.touchpoints.map((touchpoint) => [touchpoint.date, touchpoint.type, touchpoint.contact_name])).toEqual([['2026-09-15', 'meeting', 'Na Li'], ['2026-09-10', 'call', 'Tom Baker']]);
    // The day before the departure she is there; before the first task, no touchpoint.
    expect(view('2026-10-01').contacts.find((contact) => contact.name === 'Na Li')).toMatchObject({ status: 'active', left_on: null });
    expect(view('2026-09-12').touchpoints.map((touchpoint) => touchpoint.date)).toEqual(['2026-09-10']);
  });

  it('strikes a departed contact through on a colour terminal and marks "left on DATE" in every text format', () => {
    const coloured = ok('--as-of', '2026-10-05', 'account', 'Acme Logistics', '--color').stdout;
    expect(coloured).toContain('\u001b[9mNa Li\u001b[29m');
    expect(coloured).not.toContain('\u001b[9mTom Baker');
    const plain = ok('--as-of', '2026-10-05', 'account', 'Acme Logistics').stdout;
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('People (1 there, 1 left)');
    expect(plain.split('\n').find((line) => line.startsWith('Na Li'))).toMatch(/champion, user\s+Head of Ops\s+2026-09-15\s+2026-09-20\s+left on 2026-10-02/);
    expect(plain).toMatch(/name\s+role\s+title\s+last touchpoint\s+last active\s+in product\s+status\s+e-mail/);
    expect(plain.split('\n').find((line) => line.startsWith('Tom Baker'))).toMatch(/economic buyer\s+VP Finance\s+2026-09-10\s+there/);
    expect(plain).toMatch(/Last touchpoints \(2\)\ndate\s+type\s+with\s+subject\s+owner\n2026-09-15\s+meeting\s+Na Li\s+Quarterly business review/);
    const md = ok('--as-of', '2026-10-05', 'account', 'Acme Logistics', '--format', 'md').stdout;
    expect(md).toContain('| Na Li | champion, user | Head of Ops | 2026-09-15 | 2026-09-20 |  | left on 2026-10-02 |');
    const csv = ok('--as-of', '2026-10-05', 'account', 'Acme Logistics', '--format', 'csv').stdout;
    const row = csv.split('\n').find((line) => line.startsWith('contact,003dN00000LiNa01AA,'))!;
    expect(row).toContain('""status"":""left"",""left_on"":""2026-10-02""');
    expect(csv).toContain('touchpoint,00TdN00000Tsk001AA,');
  });

  it('an account without people shows no people section', () => {
    const plain = ok('--as-of', '2026-10-05', 'account', 'Quayside Co').stdout;
    expect(plain).toContain('People (1 there)');
    ok('--as-of', '2026-10-05', 'import', 'accounts', writeFile(dir, 'more.csv', 'account_id,name\nNEW-1,Newco\n'), '-q');
    expect(ok('--as-of', '2026-10-05', 'account', 'NEW-1').stdout).not.toContain('People');
    expect((JSON.parse(ok('--as-of', '2026-10-05', 'account', 'NEW-1', '--format', 'json').stdout) as { contacts: unknown[] }).contacts).toEqual([]);
  });

  it('renewals flag a renewal whose decision makers nobody met within the tier cadence; tech-touch is exempt', () => {
    const byAccount = (asOf: string) => new Map(renewals(asOf).renewals.map((row) => [row.account_id, row]));
    // 2026-09-30: Tom Baker (economic buyer, on the deal) was called on 2026-09-10, within high-touch's 30 days.
    const early = byAccount('2026-09-30');
    expect(early.get('001dN00000Acme01AA')).toMatchObject({ tier: 'high_touch', no_decision_maker_contact: false, last_decision_maker_touchpoint: '2026-09-10', decision_maker_note: null });
    // The touchpoints start on 2026-09-10: 20 days cannot tell whether YF-1's decision maker was met in 30.
    expect(early.get('YF-1')).toMatchObject({ no_decision_maker_contact: null });
    const late = renewals('2026-11-20');
    const rows = new Map(late.renewals.map((row) => [row.account_id, row]));
    expect(rows.get('001dN00000Acme01AA')).toMatchObject({ no_decision_maker_contact: true, decision_maker_note: 'no decision maker contacted for 71 days (last 2026-09-10; cadence 30 days for high-touch)' });
    expect(rows.get('YF-1')).toMatchObject({ no_decision_maker_contact: true, last_decision_maker_touchpoint: null, decision_maker_note: 'no touchpoint with a decision maker recorded (cadence 30 days for high-touch)' });
    // Low-touch Harbor Foods: its CFO never met, but 71 days of touchpoints cannot show a 90-day gap.
    expect(rows.get('200000000101')).toMatchObject({ tier: 'low_touch', no_decision_maker_contact: null });
    expect(rows.get('001dN00000Birc02AA')).toMatchObject({ tier: 'low_touch', no_decision_maker_contact: true, decision_maker_note: 'no decision maker named for a low-touch account' });
    expect(rows.get('ACC-Q')).toMatchObject({ tier: 'tech_touch', no_decision_maker_contact: null, decision_maker_note: null });
    expect(late.no_decision_maker_contact).toBe(3);

    const table = ok('--as-of', '2026-11-20', 'renewals', '--within', '365d');
    expect(table.stdout.split('\n')[0]).toMatch(/owner\s+decision maker$/);
    expect(table.stdout.split('\n').find((line) => line.includes('Acme Logistics'))).toMatch(/not met since 2026-09-10$/);
    expect(table.stdout.split('\n').find((line) => line.includes('Birch Works'))).toMatch(/none named$/);
    expect(table.stderr).toContain("3 renewals with no decision maker contacted within the tier's cadence");
    const csv = ok('--as-of', '2026-11-20', 'renewals', '--within', '365d', '--format', 'csv').stdout.split('\n');
    expect(csv[0]).toBe('window,account_id,name,state,end_date,days_left,arr,auto_renew,band,top_reason,tier,owner,score,contract_ids,rule,no_decision_maker_contact,last_decision_maker_touchpoint,decision_maker_note');
  });

  it('without contacts, renewals keep their table columns and the flag is null', () => {
    const bare = tempDir('csops-people-bare-');
    try {
      writeFile(bare, 'accounts.csv', ACCOUNTS);
      writeFile(bare, 'contracts.csv', CONTRACTS);
      expect(runCli(['import', 'accounts.csv', 'contracts.csv', '-q'], { cwd: bare }).code).toBe(0);
      const table = runCli(['--as-of', '2026-11-20', 'renewals', '--within', '365d'], { cwd: bare });
      expect(table.stdout.split('\n')[0]).toMatch(/tier\s+owner$/);
      expect(table.stderr).not.toContain('decision maker');
      const json = JSON.parse(runCli(['--as-of', '2026-11-20', 'renewals', '--within', '365d', '--format', 'json'], { cwd: bare }).stdout) as { renewals: Renewal[] };
      expect(json.renewals.length).toBe(5);
      for (const row of json.renewals) expect(row).toMatchObject({ no_decision_maker_contact: null, last_decision_maker_touchpoint: null, decision_maker_note: null });
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('the champion_left alert through csops alerts sync on consecutive days (issue 20 item 1)', () => {
  interface Alert { id: number; rule: string; account_id: string; subject: string; severity: string; state: string; reason: string; evidence: Record<string, unknown>; opened_on: string; due_by: string; closed_on: string | null; closed_how: string | null }
  const sync = (asOf: string) => {
    const result = csops('--as-of', asOf, 'alerts', 'sync', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { opened: Alert[]; resolved: Alert[]; updated: number };
    const mine = (list: Alert[]) => list.filter((alert) => alert.rule === 'champion_left');
    return { opened: mine(json.opened), resolved: mine(json.resolved), updated: json.updated };
  };
  const queue = () => (JSON.parse(csops('alerts', '--state', 'all', '--rule', 'champion_left', '--format', 'json').stdout) as { alerts: Alert[] }).alerts;

  beforeAll(() => {
    dir = tempDir('csops-people-alerts-');
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'contracts.csv', CONTRACTS);
    const result = csops('--as-of', '2026-09-30', 'import', 'accounts.csv', 'contracts.csv', fixture('salesforce_Task.csv'), fixture('salesforce_OpportunityContactRole.csv'), fixture('salesforce_Contact_2026-09.csv'), '-q');
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens on the departure day, once, and is resolved by data when a new champion is named', () => {
    expect(sync('2026-09-30').opened).toEqual([]);
    // The export marking her gone lands on 2026-10-02; the queue has not yet been synced for 2026-10-01.
    expect(csops('--as-of', '2026-10-02', 'import', fixture('salesforce_Contact_2026-10.csv'), '-q').code).toBe(0);
    expect(sync('2026-10-01').opened).toEqual([]);
    const opened = sync('2026-10-02').opened;
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      account_id: '001dN00000Acme01AA', subject: '003dN00000LiNa01AA', severity: 'high', state: 'open', opened_on: '2026-10-02', due_by: '2026-10-04',
      reason: LEFT, evidence: { contact_id: '003dN00000LiNa01AA', name: 'Na Li', title: 'Head of Ops', left_on: '2026-10-02', champions_there: 0 },
    });
    // The next days keep it, the same day again changes nothing: never a duplicate.
    expect(sync('2026-10-03')).toMatchObject({ opened: [], resolved: [] });
    expect(sync('2026-10-03')).toEqual({ opened: [], resolved: [], updated: 0 });
    // Past champion_left_days (90) the risk signal is gone, but nobody named a champion: the alert stays open.
    for (const day of ['2026-11-02', '2026-12-02', '2027-01-01', '2027-01-05']) expect(sync(day)).toMatchObject({ opened: [], resolved: [] });
    expect(queue()).toEqual([expect.objectContaining({ id: opened[0]!.id, state: 'open' })]);

    writeFile(dir, 'new-champion.csv', 'contact_id,account_id,name,title,role,created_at\nN-1,001dN00000Acme01AA,Ola Berg,Ops Manager,Champion,2027-01-06\n');
    expect(csops('--as-of', '2027-01-06', 'import', 'contacts', 'new-champion.csv', '-q').code).toBe(0);
    const resolved = sync('2027-01-06').resolved;
    expect(resolved.map((alert) => [alert.id, alert.closed_how, alert.closed_on])).toEqual([[opened[0]!.id, 'resolved_by_data', '2027-01-06']]);
    expect(sync('2027-01-07')).toEqual({ opened: [], resolved: [], updated: expect.any(Number) });
    expect(queue().map((alert) => alert.state)).toEqual(['closed']);
  });

  it('is listed with the other alerts of the account and filtered by --rule', () => {
    const list = csops('alerts', '--state', 'all', '--rule', 'champion_left');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('champion_left');
    const account = JSON.parse(csops('--as-of', '2027-01-07', 'account', 'Acme Logistics', '--format', 'json').stdout) as { alerts: Array<Alert & { history: Array<{ action: string; day: string }> }> };
    const alert = account.alerts.find((entry) => entry.rule === 'champion_left')!;
    expect(alert.history.map((event) => [event.action, event.day])).toEqual([['opened', '2026-10-02'], ['resolved_by_data', '2027-01-06']]);
  });
});

describe('a contact whose e-mail is a product user is active in the product (issue 21 item 3)', () => {
  const contactsOn = (asOf: string) =>
    new Map((JSON.parse(ok('--as-of', asOf, 'account', 'ACC-Q', '--format', 'json').stdout) as { contacts: Array<{ name: string; last_active_in_product: string | null }> }).contacts.map((contact) => [contact.name, contact.last_active_in_product]));
  const relationshipOn = (asOf: string) =>
    (JSON.parse(ok('--as-of', asOf, 'risk', '--explain', 'ACC-Q', '--format', 'json').stdout) as RiskJson).accounts[0]!.factors.find((factor) => factor.factor === 'relationship')! as RiskJson['accounts'][number]['factors'][number] & { detail: string; inputs: { champion_last_active: string | null } };

  beforeAll(() => {
    dir = tempDir('csops-people-product-');
    writeFile(dir, 'accounts.csv', ACCOUNTS);
    writeFile(dir, 'contracts.csv', CONTRACTS);
    // Quayside is tech-touch: its relationship factor is the champion part alone.
    writeFile(dir, 'contacts.csv', 'contact_id,account_id,name,email,title,role,created_at\nP1,ACC-Q,Pia Holm, Pia.Holm@Quayside.co ,Ops Lead,Champion,2025-01-01\nP2,ACC-Q,Ole Berg,ole@quayside.co,Analyst,User,2025-01-01\n');
    // Amplitude-shaped events: Pia on Monday 5 and Thursday 8 October; another user every day.
    const events = ['user_id,event_type,event_time,account_id', 'pia.holm@quayside.co,login,2026-10-05 09:00:00,ACC-Q', 'PIA.HOLM@quayside.co,report_created,2026-10-08 15:00:00,ACC-Q'];
    for (let day = 1; day <= 30; day++) events.push(`u-7,login,2026-10-${String(day).padStart(2, '0')} 10:00:00,ACC-Q`);
    writeFile(dir, 'events.csv', `${events.join('\n')}\n`);
    ok('import', 'accounts.csv', 'contracts.csv', 'contacts.csv', 'events.csv', '-q');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the account view gives the last day in the product on or before the as-of day, to the day inside a week', () => {
    expect(contactsOn('2026-10-04').get('Pia Holm')).toBeNull();
    expect(contactsOn('2026-10-07').get('Pia Holm')).toBe('2026-10-05');
    expect(contactsOn('2026-10-08').get('Pia Holm')).toBe('2026-10-08');
    expect(contactsOn('2026-11-20').get('Pia Holm')).toBe('2026-10-08');
    // An e-mail no event file names: no product activity, not a zero.
    expect(contactsOn('2026-11-20').get('Ole Berg')).toBeNull();
    expect(ok('--as-of', '2026-10-12', 'account', 'ACC-Q').stdout).toMatch(/Pia Holm\s+champion\s+Ops Lead\s+2026-10-08\s+there/);
  });

  it('the champion active in the product within champion_quiet_days earns the champion part; a quiet one half of it', () => {
    const active = relationshipOn('2026-10-20');
    expect(active).toMatchObject({ points: 20, missing: false });
    expect(active.inputs.champion_last_active).toBe('2026-10-08');
    expect(active.detail).toBe('champion Pia Holm (Ops Lead) there (last active 2026-10-08)');
    const quiet = relationshipOn('2026-11-20');
    expect(quiet.points).toBe(10);
    expect(quiet.detail).toBe('champion Pia Holm (Ops Lead) last active 43 days ago (2026-10-08)');
    // Before any product activity the champion counts as there (no activity recorded).
    expect(relationshipOn('2026-10-04')).toMatchObject({ points: 20, detail: 'champion Pia Holm (Ops Lead) there (no activity recorded)' });
  });
});
