import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, runCli, tempDir, writeFile } from '../helpers/cli.js';

/**
 * Issue 15 through the built binary: a helpdesk export with its own statuses and priorities and
 * pandas' NaN lands, the warnings say what csops could not classify and how to classify it, and the
 * ticket report counts those tickets. Run on both reading paths (the worker from 0 bytes).
 */
const TICKETS = [
  'ticket_id,account_id,created_at,resolved_at,status,priority,type,csat',
  'T-1,A-1,2026-11-16T09:00:00Z,NaN,In QA,Sev A,bug,NaN',
  'T-2,A-1,2026-11-16T10:00:00Z,1970-01-01T00:00:00Z,In QA,P2,bug,4.0',
  'T-3,A-2,2026-11-17T09:00:00Z,2026-11-17T12:00:00Z,Closed - Won\'t Fix,Sev A,question,5.0',
  'T-4,A-3,2026-11-17T09:30:00Z,,Triage Queue,normal,Push Notifications,',
].join('\n');

for (const workerMinBytes of ['0', '1000000000']) {
  describe(`csops import and report with open vocabularies (worker from ${workerMinBytes} bytes)`, () => {
    it('warns once per field with the config lines, and the report counts the unclassified tickets', () => {
      const dir = tempDir();
      const env = { CSOPS_IMPORT_WORKER_MIN_BYTES: workerMinBytes };
      writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
      writeFile(dir, 'tickets.csv', TICKETS);
      const imported = runCli(['import', 'accounts.csv', 'tickets.csv', '--format', 'json'], { cwd: dir, env });
      expect(imported.code).toBe(0);
      const warnings = imported.stderr.split('\n').filter((line) => line.startsWith('warning: tickets.csv: '));
      expect(warnings).toEqual([
        'warning: tickets.csv: read as tickets: its columns are those of tickets',
        'warning: tickets.csv: resolved_at: 1 placeholder date read as empty ("1970-01-01T00:00:00Z" 1)',
        'warning: tickets.csv: resolved_at: 1 null spelling read as empty ("NaN" 1); import.null_values in the config lists them',
        'warning: tickets.csv: csat: 1 null spelling read as empty ("NaN" 1); import.null_values in the config lists them',
        'warning: tickets.csv: ticket_status: 2 values csops does not know: "In QA" (2), "Triage Queue" (1); they import with no normalised status (the value is kept in status_raw). ' +
          'To classify them add to csops.config.json: "vocabularies": {"ticket_status": {"In QA": "open", "Triage Queue": "new"}} (the targets are csops\'s guesses: check them)',
        'warning: tickets.csv: ticket_priority: 1 value csops does not know: "Sev A" (2); it imports with no normalised priority (the value is kept in priority_raw). ' +
          'To classify it add to csops.config.json: "vocabularies": {"ticket_priority": {"Sev A": "<urgent|high|normal|low>"}}',
        'warning: tickets.csv: ticket_type: 1 value csops does not know: "Push Notifications" (1); it imports as type other (the value is kept in type_raw). ' +
          'To classify it add to csops.config.json: "vocabularies": {"ticket_type": {"Push Notifications": "<bug|feature|question|other>"}}',
      ]);
      const files = (JSON.parse(imported.stdout) as { files: Array<{ notes: string[]; rejected: number }> }).files;
      expect(files[1]!.rejected).toBe(0);
      expect(files[1]!.notes).toEqual(warnings.map((line) => line.slice('warning: tickets.csv: '.length)));

      const report = runCli(['report', 'weekly', '--week', '2026-W47', '--as-of', '2026-11-20', '--format', 'json'], { cwd: dir, env });
      expect(report.code).toBe(0);
      const json = JSON.parse(report.stdout) as { unknown_status_open: number; unknown_priority: number; notes: string[]; figures: { created: number; backlog: number } };
      expect(json).toMatchObject({ unknown_status_open: 3, unknown_priority: 2, figures: { created: 4, backlog: 3 } });
      expect(json.notes).toContain('3 open tickets have a status csops could not classify: counted as open (classify them with vocabularies.ticket_status in the config)');
      expect(json.notes).toContain('2 tickets created in the period have a priority csops could not classify: measured against the normal targets (sla.default_priority; classify them with vocabularies.ticket_priority)');

      // The lines the warning gave, added to the config, classify the values on the next import.
      fs.writeFileSync(path.join(dir, 'csops.config.json'), JSON.stringify({ vocabularies: { ticket_status: { 'In QA': 'open', 'Triage Queue': 'new' }, ticket_priority: { 'Sev A': 'high' } } }));
      // No --force: the vocabularies are part of the import's settings, so the same file imports again.
      const again = runCli(['import', 'tickets.csv'], { cwd: dir, env });
      expect(again.code).toBe(0);
      expect(again.stderr).not.toMatch(/ticket_status|ticket_priority|identical/);
      expect(again.stdout).toMatch(/tickets\.csv +tickets +imported +4 +0 +4 +0 +0/);
      const after = JSON.parse(runCli(['report', 'weekly', '--week', '2026-W47', '--as-of', '2026-11-20', '--format', 'json'], { cwd: dir, env }).stdout) as { unknown_status_open: number; unknown_priority: number };
      expect(after).toMatchObject({ unknown_status_open: 0, unknown_priority: 0 });
    }, 60_000);
  });
}
