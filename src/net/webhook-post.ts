import type { Phrase } from '../errors.js';
import { alertPhrase } from '../i18n/messages/alerts.js';

/**
 * POSTs one JSON message to a chat webhook with Node's fetch, retrying what may pass later (no
 * answer in time, no connection, HTTP 408, 429 and 5xx, a rate-limit code in the answer) with a
 * doubling backoff, and honouring Retry-After up to a cap. A problem is described without the URL:
 * its path or query is the webhook's token. A problem is a phrase (src/i18n/messages/alerts.ts): its
 * text is the English the JSON carries, and a table in another language words it from the key.
 */

export interface RetryPolicy {
  timeoutMs: number;
  retries: number;
  /** The wait before the first retry; it doubles with each one. */
  backoffMs: number;
  /** The longest wait honoured: a Retry-After asking for more gives up. */
  maxWaitMs: number;
}

export interface PostOutcome {
  ok: boolean;
  /** Requests made (1 when the first one landed). */
  attempts: number;
  /** The last HTTP status, or null when no answer came. */
  status: number | null;
  /** Why it failed, by key, with its English text (never the URL). */
  problem: Phrase | null;
  /** The failure was of a kind that passes (the destination is down or busy): the rest of its messages wait too. */
  transient: boolean;
}

/** What the answer's body says when the status is 2xx (Feishu, DingTalk and WeCom put their errors there). */
export type BodyCheck = (text: string) => { problem: Phrase; retry: boolean } | null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A network failure by the system's code (ECONNREFUSED, ENOTFOUND, …), never the address. */
function networkProblem(error: unknown, timeoutMs: number): Phrase {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return alertPhrase('alerts.problem.no_answer', { seconds: timeoutMs / 1000 });
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return alertPhrase('alerts.problem.network', { code: cause && typeof cause.code === 'string' ? cause.code : null });
}

/** Posts the request `makeRequest` gives (called again for each attempt, so a signature's timestamp is fresh). */
export async function postJson(makeRequest: () => { url: string; body: string }, policy: RetryPolicy, check: BodyCheck): Promise<PostOutcome> {
  let attempts = 0;
  let last: PostOutcome = { ok: false, attempts: 0, status: null, problem: alertPhrase('alerts.problem.not_sent'), transient: true };
  for (let retry = 0; retry <= policy.retries; retry++) {
    attempts++;
    let wait: number | null = null;
    try {
      const request = makeRequest();
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) {
        const problem = check(text);
        if (problem === null) return { ok: true, attempts, status: response.status, problem: null, transient: false };
        last = { ok: false, attempts, status: response.status, problem: problem.problem, transient: problem.retry };
        if (!problem.retry) return last;
      } else {
        const transient = response.status === 408 || response.status === 429 || response.status >= 500;
        last = { ok: false, attempts, status: response.status, problem: alertPhrase('alerts.problem.http', { status: response.status, status_text: response.statusText }), transient };
        if (!transient) return last;
        wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
        if (wait !== null && wait > policy.maxWaitMs) {
          return { ...last, problem: alertPhrase('alerts.problem.wait_too_long', { problem: last.problem!, wait: Math.round(wait / 1000), max: policy.maxWaitMs / 1000 }) };
        }
      }
    } catch (error) {
      last = { ok: false, attempts, status: null, problem: networkProblem(error, policy.timeoutMs), transient: true };
    }
    if (retry === policy.retries) break;
    await sleep(Math.min(wait ?? policy.backoffMs * 2 ** retry, policy.maxWaitMs));
  }
  return { ...last, attempts, problem: alertPhrase('alerts.problem.attempts', { problem: last.problem!, attempts }) };
}
