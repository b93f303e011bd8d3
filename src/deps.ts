import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/client';
import type { Logger } from './log';
import type { Deliverer } from './outbox/deliver';

/** Everything a listener or a job needs, passed in (never imported as a singleton), so tests can replace any part. */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
  /** Web API client for work done after the ack; null in a job run without a token. */
  slack: WebClient | null;
  deliverer: Deliverer;
}
