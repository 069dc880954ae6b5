import type { Command } from 'commander';
import { Option } from 'commander';
import os from 'node:os';
import path from 'node:path';
import { ALERT_RULES, ALERT_SEVERITIES, EXPORT_TARGETS, WEBHOOK_KINDS, type AlertRule, type AlertSeverity, type ExportTarget, type WebhookKind } from '../config/names.js';
import { DeliveryError, FailOnError, UsageError } from '../errors.js';
import { addDays } from '../core/dates.js';
import { completeWith } from './completion-values.js';
import { columnsOption, parseExportTarget, parsePositiveInteger, parseSince, wideOption } from './options.js';
import { resolveRuntime, type CliRuntime, type Io } from './runtime.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { alertPhrase } from '../i18n/messages/alerts.js';
import { invalidArgument } from './commander-errors.js';

const STATES = ['open', 'acked', 'snoozed', 'closed', 'all'] as const;

function oneOf<T extends string>(words: readonly T[], what: 'state' | 'rule' | 'severity') {
  return (value: string): T => {
    const word = value.trim().toLowerCase().replace(/-/g, '_');
    const found = words.find((candidate) => candidate.replace(/-/g, '_') === word);
    if (found === undefined) throw invalidArgument(errorPhrase('error.cli.expected_word', { what: errorPhrase(`error.cli.what.${what}`), words: words.join(', '), value }));
    return found;
  };
}

function listOf<T extends string>(words: readonly T[], what: 'state' | 'rule' | 'severity') {
  const one = oneOf(words, what);
  return (value: string, previous: T[] | undefined): T[] => [...(previous ?? []), ...value.split(',').filter((part) => part.trim() !== '').map(one)];
}

const parseSeverity = oneOf(ALERT_SEVERITIES, 'severity');

const ruleOption = () => completeWith(new Option('--rule <rule>', `only these rules (comma-separated or repeated): ${ALERT_RULES.join(', ')}`).argParser(listOf(ALERT_RULES, 'rule')), { words: ALERT_RULES, commaSeparated: true });
const severityOption = () => completeWith(new Option('--severity <severity>', `only these severities: ${ALERT_SEVERITIES.join(', ')}`).argParser(listOf(ALERT_SEVERITIES, 'severity')), { words: ALERT_SEVERITIES, commaSeparated: true });

function failOnOption(): Option {
  return completeWith(new Option('--fail-on <severity>', `exit 1 when an open or acknowledged alert listed is this severity or worse: ${ALERT_SEVERITIES.join(', ')}`).argParser(parseSeverity), { words: ALERT_SEVERITIES });
}

function throwIfFailOn(result: { fail_on?: { severity: AlertSeverity; alerts: number } }): void {
  const failOn = result.fail_on;
  if (failOn && failOn.alerts > 0) {
    const severity = { key: `alerts.severity.${failOn.severity}`, text: failOn.severity };
    throw new FailOnError(errorPhrase('error.fail_on.alerts', { count: failOn.alerts, severity, worse: failOn.severity !== 'critical', flag: failOn.severity }));
  }
}

export function registerAlerts(program: Command, io: Io): void {
  const alerts = program
    .command('alerts')
    .description('the alert queue (预警工单): work orders opened by csops alerts sync, each with an owner, a due day and a history; lists the open ones, worst and oldest first')
    .addOption(wideOption())
    .addOption(columnsOption())
    .option('--owner <name>', 'only alerts of this owner (CSM)')
    .addOption(ruleOption())
    .addOption(severityOption())
    .option('--overdue', 'only alerts past their due day')
    .addOption(completeWith(new Option('--state <state>', `states shown (default open,acked): ${STATES.join(', ')}`).argParser(listOf(STATES, 'state')), { words: STATES, commaSeparated: true }))
    .addOption(failOnOption())
    .addHelpText(
      'after',
      `
Rules (config alerts.rules.<rule>: enabled, threshold, severity): health_drop (band worse or score down
10+ points in 7 days), no_login (21 days), low_licence_use (under 30% of seats), renewal_window (each of
the 90/60/30-day windows with no renewal recorded), lapsed, sla_breach (any on a high-touch account, 3 on
any), urgent_bug (open past SLA), detractor (NPS 0–6 or CSAT 1–2 not followed up), champion_left (with
contacts imported: a champion left with no other there; open until a champion is named). Due days by
severity and tier: config alerts.due_days.

States: open → acked (someone took it) → closed as done; snoozed until a day (it reopens then if its
condition still holds); closed as resolved_by_data when a sync finds the condition gone.

Examples:
  $ csops alerts sync                             evaluate the rules today and update the queue
  $ csops alerts                                  the open queue, worst and oldest first
  $ csops alerts --owner "Ana Li" --overdue
  $ csops alerts --columns id,severity,account_id,due_by    only these columns (--columns help lists them)
  $ csops alerts --rule renewal_window,lapsed --severity critical,high
  $ csops alerts ack 12 --by ana --note "calling Tuesday"
  $ csops alerts snooze 12 --until 2026-12-15 --note "waiting for their budget"
  $ csops alerts done 12 --note "renewal signed"
  $ csops alerts --state all --format json | jq '.alerts[] | {id, state}'
  $ csops alerts export --for salesforce_tasks --out tasks.csv   new or changed alerts as CRM tasks
  $ csops alerts push --to https://hooks.slack.com/services/…    new alerts to a chat
  $ csops import … && csops alerts sync --fail-on critical -q   from cron`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { owner?: string; rule?: AlertRule[]; severity?: AlertSeverity[]; overdue?: boolean; state?: Array<(typeof STATES)[number]>; failOn?: AlertSeverity };
      const { runAlertsList } = await import('../commands/alerts.js');
      const { printAlertsList } = await import('./alerts-output.js');
      const result = await runAlertsList(runtime.context, { owner: options.owner, rules: options.rule, severities: options.severity, overdue: options.overdue, states: options.state, failOn: options.failOn });
      printAlertsList(runtime, result);
      throwIfFailOn(result);
    });

  alerts
    .command('sync')
    .description('evaluate the alert rules as of --as-of and update the queue: new conditions open alerts, gone ones close as resolved_by_data; the same day twice changes nothing')
    .addOption(wideOption())
    .addOption(failOnOption())
    .addHelpText(
      'after',
      `
Days are synced in order (a day before the last one synced is refused). A rule whose data is stale
(config freshness.lag_days) opens nothing and closes nothing: the gap alone is not news.

Examples:
  $ csops alerts sync
  $ csops alerts sync --as-of 2026-11-20 --format json
  $ csops import usage usage.csv && csops alerts sync --fail-on critical -q`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      // --fail-on is also an option of csops alerts, which reads it wherever it stands: read both.
      const options = command.optsWithGlobals() as { failOn?: AlertSeverity };
      const { runAlertsSync } = await import('../commands/alerts.js');
      const { printAlertsSync } = await import('./alerts-output.js');
      const result = await runAlertsSync(runtime.context, options.failOn);
      printAlertsSync(runtime, result);
      throwIfFailOn(result);
    });

  alerts
    .command('export')
    .description('write the alerts new or changed since the last export for a tool as the file it imports: Salesforce tasks (Data Loader), HubSpot tasks, or every field (generic)')
    .addOption(completeWith(new Option('--for <tool>', `the tool the file is for: ${EXPORT_TARGETS.join(', ')}`).argParser(parseExportTarget).makeOptionMandatory(), { words: EXPORT_TARGETS }))
    .option('--all', 'every alert (all states), whatever was exported before')
    .option('--new-only', 'only alerts never exported for this tool (for imports that cannot update a task, such as HubSpot\'s)')
    .addOption(completeWith(new Option('--out <file>', 'write the file here instead of stdout (placeholders {as_of} {for}); folders are created, the file is replaced atomically, and the alerts count as exported only once it is written'), { files: true }))
    .addHelpText(
      'after',
      `
The file's format is --format csv (the default here), json or ndjson. Columns: salesforce_tasks has the
Task fields Subject, WhatId (the account id), OwnerId (config alerts.export.salesforce_owner_ids),
ActivityDate (the due day), Priority (High/Normal/Low), Status (Not Started/In Progress/Deferred/
Completed), Description; hubspot_tasks has Task Title, Due Date, Priority (HIGH/MEDIUM/LOW), Task Status
(NOT_STARTED/COMPLETED), Task Type, Notes, Assigned to, and the company's Record ID, name and domain;
generic has every field of csops alerts --format json. An alert goes again once it changes (a sync
updates its figures, someone acks or closes it); --new-only sends each alert once.

Examples:
  $ csops alerts export --for salesforce_tasks --out exports/tasks-{as_of}.csv
  $ csops alerts export --for hubspot_tasks --new-only --out hubspot-tasks.csv
  $ csops alerts export --for generic --format json | jq '.records[] | {id, rule, state}'
  $ csops alerts export --for generic --all --out all-alerts.csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { for: ExportTarget; all?: boolean; newOnly?: boolean; out?: string };
      const format = exportFormat(runtime.flags.format);
      const { runAlertsExport } = await import('../commands/alerts-export.js');
      const { writeFileAtomically } = await import('../safe-files.js');
      const target = options.out === undefined ? null : path.resolve(runtime.context.cwd, options.out.replaceAll('{as_of}', runtime.context.asOf).replaceAll('{for}', options.for));
      let written: string | null = null;
      const result = await runAlertsExport(runtime.context, { target: options.for, format, all: options.all, newOnly: options.newOnly }, (text) => {
        if (target === null) runtime.out(text);
        else written = writeFileAtomically(target, (write) => write(text));
      });
      if (written !== null) runtime.out(`${written}\n`);
      runtime.info(
        runtime.messages.t('alerts.export_summary', { exported: result.exported, for: result.for, as_of: result.as_of, new: result.new, changed: result.changed, all: result.all, all_option: '--all', written }),
      );
      for (const note of result.notes) runtime.warn(note);
    });

  alerts
    .command('push')
    .description('post the open alerts not yet sent to a chat webhook (Slack, Teams, Feishu/Lark, DingTalk, WeCom), one message per alert or a digest; each alert is sent once per webhook')
    .addOption(wideOption())
    .option('--to <url|name>', `the webhook URL, or the name of a destination in the config (default: ${'CSOPS_ALERTS_WEBHOOK_URL'}, else every destination in alerts.push.destinations)`)
    .addOption(completeWith(new Option('--kind <kind>', "the chat the webhook is (default: from the URL's host)").choices(WEBHOOK_KINDS), { words: WEBHOOK_KINDS }))
    .option('--digest', 'one message listing the alerts (split when the chat\'s size limit needs it) instead of one per alert')
    .option('--dry-run', 'show what would be posted (--format json has the message bodies); send nothing, record nothing')
    .addOption(severityOption())
    .addOption(ruleOption())
    .addHelpText(
      'after',
      `
Which alerts: open ones (not acknowledged, snoozed or closed) never sent to this webhook, worst and oldest
first; --severity and --rule narrow them. Secrets: a Feishu/Lark or DingTalk
bot's signing secret comes from the config (secret or secret_env) or CSOPS_ALERTS_WEBHOOK_SECRET; URLs
are shown with their tokens masked. A request that times out or gets HTTP 429 or 5xx is retried
(alerts.push.retries, backoff_seconds doubling, Retry-After honoured up to max_wait_seconds); alerts
that still fail stay unsent and csops exits 75 naming them.

Examples:
  $ csops alerts push --to https://hooks.slack.com/services/T…/B…/…
  $ CSOPS_ALERTS_WEBHOOK_URL=https://oapi.dingtalk.com/robot/send?access_token=… CSOPS_ALERTS_WEBHOOK_SECRET=SEC… csops alerts push --digest
  $ csops alerts push --to cs-team --severity critical,high
  $ csops alerts push --to https://chat.example.com/hook --kind slack --dry-run --format json
  $ csops import usage usage.csv && csops alerts sync -q && csops alerts push -q   from cron`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      // --severity and --rule: csops alerts reads them wherever they stand (commander), so read both.
      const options = command.optsWithGlobals() as { to?: string; kind?: WebhookKind; digest?: boolean; dryRun?: boolean; severity?: AlertSeverity[]; rule?: AlertRule[] };
      const { runAlertsPush, problemWording } = await import('../commands/alerts-push.js');
      const { printAlertsPush } = await import('./alerts-output.js');
      const result = await runAlertsPush(runtime.context, {
        to: options.to,
        kind: options.kind,
        digest: options.digest,
        dryRun: options.dryRun,
        severities: options.severity,
        rules: options.rule,
        env: io.env,
      });
      printAlertsPush(runtime, result);
      const unsent = result.deliveries.filter((delivery) => delivery.result === 'unsent');
      if (unsent.length > 0) {
        const named = unsent.slice(0, 20).map((delivery) => alertPhrase('alerts.unsent_alert', { id: delivery.alert_id, account: delivery.account_id, rule: delivery.rule }));
        const first = unsent[0]!;
        throw new DeliveryError(errorPhrase('error.push.unsent', { count: unsent.length, named, more: unsent.length > 20, destination: first.destination, problem: problemWording(first) }));
      }
    });

  for (const [action, description] of [
    ['ack', 'acknowledge an alert: someone has taken it'],
    ['done', 'close an alert as done; while its condition still holds no new alert opens for it'],
    ['snooze', 'hide an alert until a day (--until, default 7 days); it reopens then if its condition still holds'],
  ] as const) {
    const sub = alerts
      .command(action)
      .description(description)
      .addOption(wideOption())
      .argument('<id>', 'the alert id (csops alerts lists them)', parsePositiveInteger)
      .option('--note <text>', 'what was done or why, kept in the history')
      .option('--by <name>', 'who did it (default: the login name)');
    if (action === 'snooze') sub.option('--until <when>', 'the day it comes back: a date YYYY-MM-DD or days after --as-of (7d)');
    sub
      .addHelpText('after', `\nExamples:\n  $ csops alerts ${action} 12 --by ana --note "…"${action === 'snooze' ? '\n  $ csops alerts snooze 12 --until 14d' : ''}`)
      .action(async (id: number, _options: unknown, command: Command) => {
        const runtime = await resolveRuntime(command, io);
        const options = command.opts() as { note?: string; by?: string; until?: string };
        const until = options.until === undefined ? undefined : untilDay(options.until, runtime);
        const { runAlertWork } = await import('../commands/alerts.js');
        const { printAlertWork } = await import('./alerts-output.js');
        printAlertWork(runtime, await runAlertWork(runtime.context, { action, id, note: options.note, by: options.by ?? loginName(io), until }));
      });
  }
}

/** The export file's format: --format csv (the default here), json or ndjson. */
function exportFormat(format: string | undefined): 'csv' | 'json' | 'ndjson' {
  if (format === undefined || format === 'csv' || format === 'json' || format === 'ndjson') return format ?? 'csv';
  throw new UsageError(errorPhrase('error.alerts.export_format', { format }), errorPhrase('error.alerts.export_format_hint'));
}

/** "7d" is days after the as-of day (a snooze looks forward); a date is itself. */
function untilDay(text: string, runtime: CliRuntime): string {
  const relative = /^\s*(\d+)\s*d\s*$/i.exec(text);
  if (relative) return addDays(runtime.context.asOf, Number(relative[1]));
  return parseSince(text)(runtime.context.asOf);
}

function loginName(io: Io): string {
  const fromEnv = io.env.CSOPS_USER ?? io.env.USER ?? io.env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
