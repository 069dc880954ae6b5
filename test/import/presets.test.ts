import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport } from '../../src/commands/import.js';
import { detectPreset } from '../../src/import/presets.js';
import { REPO_ROOT, queryAll, tempDir, writeFile } from '../helpers/cli.js';
import { encodeGb18030 } from '../../sample-data/gb18030.js';

const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'formats');
const corpusAvailable = fs.existsSync(CORPUS);

function setup(timeZone = 'UTC') {
  const dir = tempDir();
  const context: CommandContext = {
    cwd: dir, config: configSchema.parse({ time_zone: timeZone }), configSource: undefined, dbPath: path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
  const run = (files: string[], extra: { kind?: string; preset?: string; skipInvalid?: boolean } = {}) =>
    runImport(context, { files, map: [], dryRun: false, skipInvalid: false, force: false, ...extra });
  const copy = (name: string) => {
    const target = path.join(dir, name);
    fs.copyFileSync(path.join(CORPUS, name), target);
    return target;
  };
  return { dir, db: context.dbPath, run, copy };
}

describe.skipIf(!corpusAvailable)('the real exports in shared/corpus/formats', () => {
  it('import with their kind and tool recognised, in dependency order, with the right counts', async () => {
    const { db, run, copy } = setup();
    const files = ['zendesk_real_export_excel_resaved_sample.csv', 'dataexport_kowshik527_Case.csv', 'dataexport_kowshik527_Opportunity.csv', 'hubspot_companies_export_header_fixture.csv', 'dataexport_kowshik527_Account.csv'].map(copy);
    const summary = await run(files, { skipInvalid: true });
    expect(summary.files.map((file) => [path.basename(file.file), file.kind, file.rows, file.inserted, file.rejected])).toEqual([
      ['hubspot_companies_export_header_fixture.csv', 'accounts', 1, 1, 0],
      ['dataexport_kowshik527_Account.csv', 'accounts', 1, 1, 0],
      // The one opportunity ("Renewal 2026", stage Qualify, IsClosed 0) is open pipeline: counted, not a contract, not rejected.
      ['dataexport_kowshik527_Opportunity.csv', 'contracts', 1, 0, 0],
      ['zendesk_real_export_excel_resaved_sample.csv', 'tickets', 2, 2, 0],
      ['dataexport_kowshik527_Case.csv', 'tickets', 1, 1, 0],
    ]);
    expect(summary.files[1]!.notes[0]).toContain('Salesforce Account export');
    expect(summary.files[2]!.notes).toContain('1 deal: 0 won imported as contracts, 0 lost skipped, 1 open (pipeline, not ARR)');
    expect(queryAll(db, 'SELECT account_id, name, owner FROM accounts ORDER BY account_id')).toEqual([
      { account_id: '001dN00000v2DEwQAM', name: 'KaarTech', owner: '005dN00000C1tUIQAZ' },
      { account_id: '200000000001', name: 'Example Publishing', owner: null },
    ]);
    expect(queryAll(db, "SELECT ticket_id, account_id, created_at, status, priority, channel, csat, first_response_minutes FROM tickets ORDER BY ticket_id")).toEqual([
      { ticket_id: '00001003', account_id: '001dN00000v2DEwQAM', created_at: '2026-06-09T18:24:44.000Z', status: 'new', priority: 'low', channel: 'Email', csat: null, first_response_minutes: null },
      // Excel re-saved the Zendesk export: DD-MM-YYYY dates (decided from 14-06-2023), "Offered" CSAT is no answer.
      { ticket_id: '297732', account_id: null, created_at: '2023-04-08T20:52:00.000Z', status: 'solved', priority: 'low', channel: 'Mail', csat: null, first_response_minutes: 173 },
      { ticket_id: '301553', account_id: null, created_at: '2023-04-13T11:03:00.000Z', status: 'solved', priority: 'low', channel: 'Mail', csat: null, first_response_minutes: 381 },
    ]);
  });

  it.each([
    ['dataexport_kowshik527_Account.csv', 'salesforce', 'accounts'],
    ['dataexport_kowshik527_Case.csv', 'salesforce', 'tickets'],
    ['dataexport_kowshik527_Opportunity.csv', 'salesforce', 'contracts'],
    ['hubspot_companies_export_header_fixture.csv', 'hubspot', 'accounts'],
    ['hubspot_deals_export_header_real.csv', 'hubspot', 'contracts'],
    ['zendesk_tickets_csv_export_header.csv', 'zendesk', 'tickets'],
    ['zendesk_real_export_excel_resaved_sample.csv', 'zendesk', 'tickets'],
    ['freshdesk_ticket_export_header.csv', 'freshdesk', 'tickets'],
    ['jira_csv_export_header_real.csv', 'jira', 'tickets'],
  ])('%s is recognised as %s %s', (name, preset, kind) => {
    const header = fs.readFileSync(path.join(CORPUS, name), 'utf8').split(/\r?\n/)[0]!.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    expect(detectPreset(header)).toMatchObject({ preset, kind });
    // Salesforce Data Loader (up to v60) wrote the same API names in capitals.
    expect(detectPreset(header.map((cell) => cell.toUpperCase()))).toMatchObject({ preset, kind });
  });
});

describe('presets on exports made here', () => {
  it('Jira: repeated Labels columns are one list of tags, dates like 11/May/24 03:26 PM', async () => {
    const { db, run, dir } = setup('Asia/Kolkata');
    const file = writeFile(dir, 'jira.csv', 'Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Created,Resolved,Labels,Labels\n"Export fails, again",CS-12,10012,Bug,Done,CS,Highest,11/May/24 03:26 PM,12/May/24 09:00 AM,export,reports\n');
    const summary = await run([file]);
    expect(summary.files[0]).toMatchObject({ kind: 'tickets', inserted: 1 });
    expect(queryAll(db, 'SELECT ticket_id, type, status, priority, tags, created_at, resolved_at FROM tickets')).toEqual([
      { ticket_id: 'CS-12', type: 'bug', status: 'closed', priority: 'urgent', tags: '["export","reports"]', created_at: '2024-05-11T09:56:00.000Z', resolved_at: '2024-05-12T03:30:00.000Z' },
    ]);
  });

  it('Freshdesk: durations in hours or HH:MM:SS land in minutes, survey words map to CSAT', async () => {
    const { db, run, dir } = setup();
    const file = writeFile(dir, 'fd.csv', 'Ticket ID,Subject,Status,Priority,Source,Type,Agent,Created time,Resolved time,First response time (in hrs),Resolution time (in hrs),Survey results\n7,Login,Resolved,Urgent,Email,Incident,Ana,2026-10-01 09:00:00,2026-10-01 17:00:00,01:30:00,8,Extremely Happy\n');
    expect((await run([file])).files[0]).toMatchObject({ kind: 'tickets', inserted: 1 });
    expect(queryAll(db, 'SELECT priority, type, status, csat, first_response_minutes, resolution_minutes FROM tickets')).toEqual([
      { priority: 'urgent', type: 'bug', status: 'solved', csat: 5, first_response_minutes: 90, resolution_minutes: 480 },
    ]);
  });

  it('WukongCRM: Chinese headers in GB18030, customers keyed by name, amounts with ￥', async () => {
    const { db, run, dir } = setup('Asia/Shanghai');
    const customers = '客户名称,客户行业,客户级别,客户来源\r\n北京星辰科技有限公司,IT,A（重点客户）,转介绍\r\n';
    const contracts = '合同编号,客户名称,合同金额,合同开始时间,合同结束时间\r\nHT-001,北京星辰科技有限公司,"￥5,460,000",2026/1/1,2026/12/31\r\n';
    const gb = encodeGb18030;
    const summary = await run([writeFile(dir, 'contracts.csv', gb(contracts)), writeFile(dir, 'customers.csv', gb(customers))]);
    expect(summary.files.map((file) => [file.kind, file.encoding, file.inserted])).toEqual([
      ['accounts', 'gb18030', 1],
      ['contracts', 'gb18030', 1],
    ]);
    expect(queryAll(db, 'SELECT account_id, industry, channel FROM accounts')).toEqual([{ account_id: '北京星辰科技有限公司', industry: 'IT', channel: '转介绍' }]);
    expect(queryAll(db, 'SELECT contract_id, currency, arr_minor, start_date, end_date FROM contracts')).toEqual([
      { contract_id: 'HT-001', currency: 'CNY', arr_minor: 546000000, start_date: '2026-01-01', end_date: '2026-12-31' },
    ]);
  });

  it('a header that fits no kind names the kinds to choose from', async () => {
    const { run, dir } = setup();
    await expect(run([writeFile(dir, 'x.csv', 'foo,bar\n1,2\n')])).rejects.toThrow(/cannot tell what this file holds/);
  });
});

describe('tickets to accounts', () => {
  it('resolves an organisation name or a requester e-mail domain to the account; the rest land unmatched, organisation kept', async () => {
    const { db, run, dir } = setup();
    await run([writeFile(dir, 'accounts.csv', 'account_id,name,domain\nA-1,Acme Inc.,https://www.acme.com\nA-2,北京星辰科技有限公司,\nA-3,Beta GmbH,beta.io\n')], { kind: 'accounts' });
    const tickets = [
      'ticket_id,organization,requester_email,created_at',
      'T-1,ACME,,2026-10-01T09:00:00Z',
      'T-2,北京星辰科技,,2026-10-01T09:00:00Z',
      'T-3,,ops@beta.io,2026-10-01T09:00:00Z',
      'T-4,Gamma LLC,someone@gamma.dev,2026-10-01T09:00:00Z',
      'T-5,,,2026-10-01T09:00:00Z',
    ].join('\n');
    const file = writeFile(dir, 'tickets.csv', `${tickets}\n`);
    const summary = await run([file]);
    expect(summary.files[0]).toMatchObject({ inserted: 5, rejected: 0 });
    expect(summary.files[0]!.notes).toContain('1 ticket names an organisation csops does not know; it imports unmatched: "Gamma LLC" (1); import that account (or give it a domain) and it is linked');
    expect(queryAll(db, 'SELECT ticket_id, account_id, organization FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', account_id: 'A-1', organization: 'ACME' },
      { ticket_id: 'T-2', account_id: 'A-2', organization: '北京星辰科技' },
      { ticket_id: 'T-3', account_id: 'A-3', organization: 'beta.io' },
      { ticket_id: 'T-4', account_id: null, organization: 'Gamma LLC' },
      { ticket_id: 'T-5', account_id: null, organization: null },
    ]);
  });
});

describe('Chinese headers without a preset', () => {
  it('map through the Chinese aliases of each field, and 紧急/高/中/低 priorities normalise', async () => {
    const { db, run, dir } = setup('Asia/Shanghai');
    await run([writeFile(dir, 'a.csv', '客户编号,客户名称,行业,负责人\nC-1,星辰科技,软件,王伟\n')]);
    const summary = await run([writeFile(dir, 't.csv', '工单编号,客户编号,创建时间,优先级,工单类型,标题\nW-1,C-1,2026年10月2日 09:30,紧急,需求,导出报表失败\nW-2,C-1,2026/10/3 14:00,低,咨询,如何导出\n')]);
    expect(summary.files[0]).toMatchObject({ kind: 'tickets', inserted: 2 });
    expect(queryAll(db, 'SELECT ticket_id, account_id, created_at, priority, type FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'W-1', account_id: 'C-1', created_at: '2026-10-02T01:30:00.000Z', priority: 'urgent', type: 'feature' },
      { ticket_id: 'W-2', account_id: 'C-1', created_at: '2026-10-03T06:00:00.000Z', priority: 'low', type: 'question' },
    ]);
    expect(queryAll(db, 'SELECT name, industry, owner FROM accounts')).toEqual([{ name: '星辰科技', industry: '软件', owner: '王伟' }]);
  });
});
