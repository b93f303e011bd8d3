/** How the outbox treats a failed Slack call. */
export type Failure =
  | { kind: 'rate_limited'; retryAfterMs: number; detail: string }
  | { kind: 'transient'; detail: string }
  | { kind: 'halt'; detail: string }
  | { kind: 'recipient'; detail: string }
  | { kind: 'permanent'; detail: string };

/** The token itself is refused: sending anything more is pointless until an operator fixes it. */
const haltCodes = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive_token',
]);
/** This recipient (or channel) cannot receive messages from the bot; retrying will not help. */
export const recipientCodes = new Set([
  'account_inactive',
  'user_not_found',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'user_disabled',
  'restricted_action',
]);
const transientCodes = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface SlackErrorLike {
  code?: string;
  statusCode?: number;
  retryAfter?: number;
  data?: { error?: string };
  message?: string;
}

export function classifySlackError(err: unknown): Failure {
  const e = (err ?? {}) as SlackErrorLike;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return {
        kind: 'rate_limited',
        retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
        detail: 'ratelimited',
      };
    case 'slack_webapi_http_error':
      return { kind: 'transient', detail: `http_${e.statusCode ?? 'error'}` };
    case 'slack_webapi_request_error':
      return { kind: 'transient', detail: 'request_error' };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 5000, detail: code };
      if (haltCodes.has(code)) return { kind: 'halt', detail: code };
      if (recipientCodes.has(code)) return { kind: 'recipient', detail: code };
      if (transientCodes.has(code)) return { kind: 'transient', detail: code };
      return { kind: 'permanent', detail: code };
    }
    default:
      // Timeouts and socket errors surface without a Slack code.
      return { kind: 'transient', detail: e.message ? e.message.slice(0, 120) : 'unknown_error' };
  }
}

/** 1 s, 2 s, 4 s … capped at 5 minutes, with jitter so processes do not retry in lockstep. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
