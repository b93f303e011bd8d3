import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config';

/**
 * The outbox owns retries: the client's default policy retries a 5xx for about half an hour inside one call,
 * which would block a worker and a shutdown. Rate-limited calls are rejected so the outbox can honour Retry-After.
 */
export function slackClientOptions(config: Pick<Config, 'slackApiUrl'>): WebClientOptions {
  return {
    slackApiUrl: config.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 20_000,
    logLevel: LogLevel.ERROR,
  };
}

export function createSlackClient(config: Pick<Config, 'slackApiUrl' | 'slackBotToken'>): WebClient | null {
  if (!config.slackBotToken) return null;
  return new WebClient(config.slackBotToken, slackClientOptions(config));
}
