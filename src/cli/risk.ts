import type { Command } from 'commander';
import { Option } from 'commander';
import type { HealthBand, Tier } from '../config/names.js';
import { FailOnError, UsageError, type Phrase } from '../errors.js';
import { BAND_LABELS, bandLabel, bandsOption, columnsOption, parseBand, parseDaysOption, parsePositiveInteger, parseSince, tierOption, wideOption } from './options.js';
import { completeWith } from './completion-values.js';
import { resolveRuntime, type Io } from './runtime.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import type { MessageKey, Messages } from '../i18n/messages.js';

export function registerRisk(program: Command, io: Io): void {
  program
    .command('risk')
    .description('health score 0–100 of every customer, its band and the reasons that cost it points, worst first')
    .addOption(wideOption())
    .addOption(columnsOption())
    .option('--owner <name>', 'only accounts of this owner (CSM)')
    .addOption(tierOption())
    .addOption(bandsOption('only accounts in these bands (comma-separated or repeated)'))
    .option('--renewing-within <days>', 'only accounts whose contract ends within this many days, e.g. 90d (lapsed ones included)', parseDaysOption)
    .option('--limit <n>', 'show at most n accounts', parsePositiveInteger)
    .option('--explain <account>', 'every factor of one account (id or name): its inputs, points and what is missing')
    .option('--changes', 'accounts whose band changed or whose score moved by more than health.change_threshold since --since, recomputed from the data')
    .addOption(new Option('--since <when>', 'with --changes: the earlier day, as days before --as-of (7d) or a date').default('7d'))
    .option('--save', 'record this run as a snapshot: history that survives a later change of config, and the trend arrow of the next run')
    .addOption(new Option('--model <model>', 'rules: the health score (default); learned: add the churn probability of the model saved by csops churn-model fit --save, and list by it').choices(['rules', 'learned']).default('rules'))
    .addOption(completeWith(new Option('--out <path>', 'write the output to this file instead of stdout, e.g. vp/health-{as_of}.html; placeholder {as_of}; folders are created, the file is replaced atomically'), { files: true }))
    .addOption(completeWith(new Option('--fail-on <band>', 'exit 1 when any listed account is in this band or worse (for cron alerts)').argParser(parseBand), { words: BAND_LABELS }))
    .addHelpText(
      'after',
      `
Factors and default weights (config health.factors): usage recency 25, login trend 15, licence
utilisation 15, key modules 10, support 15, sentiment 10, renewal proximity 10. A factor without data is
left out and lowers the confidence figure; no login for 21 days puts an account at risk whatever it scores.
Bands: healthy ≥ 70, watch 50–69, at-risk 30–49, critical < 30 (config health.thresholds).
--format html writes the VP's page: accounts and ARR by band (charts), the accounts at risk with their
top reasons (--limit caps that list only), and each owner's book of business (accounts, ARR, at-risk ARR).

Examples:
  $ csops risk                                    everyone, worst first
  $ csops risk --band at_risk,critical --owner "Ana Li"
  $ csops risk --renewing-within 90d --tier high_touch
  $ csops risk --explain ACC-0007                 every factor and its inputs
  $ csops risk --columns account_id,name,score,band,arr   these columns in this order (--columns help lists them)
  $ csops risk --wide                             every column whole: lines wider than the terminal wrap
  $ csops risk --changes --since 7d               what got worse (or better) this week
  $ csops risk --save --fail-on critical -q       from cron: snapshot, alert by exit code
  $ csops risk --as-of 2026-10-01 --format json   replay a past day
  $ csops risk --model learned --limit 20         by churn probability (csops churn-model fit --save first)
  $ csops risk --format html --out vp/health-{as_of}.html`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as {
        owner?: string; tier?: Tier; band?: HealthBand[]; renewingWithin?: number; limit?: number; explain?: string;
        changes?: boolean; since: string; save?: boolean; failOn?: HealthBand; model: 'rules' | 'learned'; out?: string;
      };
      const html = runtime.context.format === 'html';
      if (html && (options.explain !== undefined || options.changes)) throw new UsageError(errorPhrase('error.risk.html_whole_book', { option: options.explain !== undefined ? '--explain' : '--changes' }), errorPhrase('error.risk.html_whole_book_hint'));
      if (command.getOptionValueSource('since') === 'cli' && !options.changes) {
        throw new UsageError(errorPhrase('error.risk.since_without_changes'), errorPhrase('error.risk.since_without_changes_hint', { since: options.since }));
      }
      if (options.explain !== undefined && options.changes) throw new UsageError(errorPhrase('error.risk.explain_with_changes'), errorPhrase('error.risk.explain_with_changes_hint'));
      const since = options.changes ? parseSince(options.since)(runtime.context.asOf) : undefined;
      const { runRisk } = await import('../commands/risk.js');
      const { printRisk } = await import('./risk-output.js');
      const result = await runRisk(runtime.context, {
        owner: options.owner,
        tier: options.tier,
        bands: options.band,
        renewingWithin: options.renewingWithin,
        // The page sums every matching account; --limit only shortens its list of accounts at risk.
        limit: html ? undefined : options.limit,
        explain: options.explain,
        since,
        save: Boolean(options.save),
        failOn: options.failOn,
        model: options.model,
      });
      const { writeDocument } = await import('./out-file.js');
      const filtered = options.owner !== undefined || options.tier !== undefined || options.band !== undefined || options.renewingWithin !== undefined;
      writeDocument(runtime, options.out, { as_of: result.as_of }, (write, tty) => printRisk({ ...runtime, out: write, stdoutIsTty: tty }, result, options.explain !== undefined, { limit: options.limit, filtered }));
      if (result.fail_on && result.fail_on.accounts > 0) {
        throw new FailOnError(errorPhrase('error.fail_on.accounts', { count: result.fail_on.accounts, ...failOnWords(result.fail_on) }));
      }
      if (result.fail_on && result.fail_on.stale_sources.length > 0) {
        runtime.warn(runtime.messages.t('error.fail_on.stale_only', { band: bandLabel(result.fail_on.band, runtime.messages), worse: result.fail_on.band !== 'critical', flag: bandLabel(result.fail_on.band), stale: result.fail_on.stale_sources.map((source) => staleSource(source, runtime.messages)) }));
      }
    });
}

/**
 * What --fail-on's refusal names, for errorPhrase: the band in the language in force (the flag as
 * typed), and the stale sources (said with it: the count rests on data that ends early).
 */
function failOnWords(failOn: { band: HealthBand; stale_sources: readonly string[] }): { band: Phrase; worse: boolean; flag: string; stale: Phrase[] } {
  return {
    band: { key: `band.${failOn.band}`, text: bandLabel(failOn.band) },
    worse: failOn.band !== 'critical',
    flag: bandLabel(failOn.band),
    stale: failOn.stale_sources.map((source) => ({ key: `stale.${source}`, text: source })),
  };
}

/** A stale source's name in a sentence: as it is in English (usage, tickets), the catalogue's word otherwise. */
function staleSource(source: string, messages: Messages): string {
  return messages.language === 'en' ? source : messages.t(`stale.${source}` as MessageKey);
}
