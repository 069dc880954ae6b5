/**
 * POSTs one JSON message to a chat webhook with Node's fetch, retrying what may pass later (no
 * answer in time, no connection, HTTP 408, 429 and 5xx, a rate-limit code in the answer) with a
 * doubling backoff, and honouring Retry-After up to a cap. A problem is described without the URL:
 * its path or query is the webhook's token.
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
  /** Why it failed, in words (never the URL). */
  problem: string | null;
  /** The failure was of a kind that passes (the destination is down or busy): the rest of its messages wait too. */
  transient: boolean;
}

/** What the answer's body says when the status is 2xx (Feishu, DingTalk and WeCom put their errors there). */
export type BodyCheck = (text: string) => { problem: string; retry: boolean } | null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A network failure in words: the system's code (ECONNREFUSED, ENOTFOUND, …), never the address. */
function networkProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = cause && typeof cause.code === 'string' ? cause.code : null;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_SOCKET: 'connection closed',
  };
  return code === null ? 'the request failed' : `${words[code] ?? 'the request failed'} (${code})`;
}

/** Posts the request `makeRequest` gives (called again for each attempt, so a signature's timestamp is fresh). */
export async function postJson(makeRequest: () => { url: string; body: string }, policy: RetryPolicy, check: BodyCheck): Promise<PostOutcome> {
  let attempts = 0;
  let last: PostOutcome = { ok: false, attempts: 0, status: null, problem: 'not sent', transient: true };
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
        last = { ok: false, attempts, status: response.status, problem: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, transient };
        if (!transient) return last;
        wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
        if (wait !== null && wait > policy.maxWaitMs) {
          return { ...last, problem: `${last.problem}, asked to wait ${Math.round(wait / 1000)} s (Retry-After), more than alerts.push.max_wait_seconds (${policy.maxWaitMs / 1000} s)` };
        }
      }
    } catch (error) {
      last = { ok: false, attempts, status: null, problem: networkProblem(error, policy.timeoutMs), transient: true };
    }
    if (retry === policy.retries) break;
    await sleep(Math.min(wait ?? policy.backoffMs * 2 ** retry, policy.maxWaitMs));
  }
  return { ...last, attempts, problem: `${last.problem} (${attempts} attempt${attempts === 1 ? '' : 's'})` };
}
