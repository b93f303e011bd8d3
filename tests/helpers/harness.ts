import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../src/clock';
import { type Config, testConfig } from '../../src/config';
import { closeDb, type Db, openDb, runMigrations } from '../../src/db/client';
import { type SlackSim, startSlackSim, type Workspace } from '../../src/demo/slack-sim';
import type { Deps } from '../../src/deps';
import { createLogger } from '../../src/log';
import { createDeliverer, type DelivererOptions } from '../../src/outbox/deliver';
import { type RunningApp, startApp } from '../../src/slack/app';
import { createSlackClient } from '../../src/slack/client';
import { createSlackRequester, type SlackRequester } from './slack-requests';

export interface Harness {
  sim: SlackSim;
  db: Db;
  dbPath: string;
  deps: Deps;
  clock: ReturnType<typeof manualClock>;
  slack: SlackRequester;
  app: RunningApp;
  url: string;
  logs: string[];
  /** Delivers every outbox row due now (waiting up to `waitUpToMs` for retries). */
  deliver(waitUpToMs?: number): ReturnType<Deps['deliverer']['deliverDue']>;
  close(): Promise<void>;
}

export const OWNER = 'UOWNER1';
/** Monday 2027-01-04 10:00 UTC: working hours in Europe, so DMs to Europeans go at once. */
export const MONDAY_MORNING = new Date('2027-01-04T10:00:00Z');

export function tempDbPath(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-bot-test-'));
  return { dir, path: join(dir, 'mentor-bot.db') };
}

/** A migrated database in a temp file (real SQLite, WAL), for repository and job tests without Slack. */
export function testDb(): { db: Db; path: string; cleanup(): void } {
  const { dir, path } = tempDbPath();
  const db = openDb(path);
  runMigrations(db);
  return {
    db,
    path,
    cleanup: () => {
      closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real Bolt app over HTTP, a real SQLite file, and the fake Slack Web API. */
export async function startHarness(
  opts: {
    workspace?: Partial<Workspace>;
    now?: Date;
    config?: Partial<Config>;
    deliverer?: DelivererOptions;
  } = {},
): Promise<Harness> {
  const clock = manualClock(opts.now ?? MONDAY_MORNING);
  const sim = await startSlackSim({ workspace: opts.workspace, now: () => clock.now().getTime() });
  if (!sim.user(OWNER)) sim.addUser({ id: OWNER, real_name: 'Olivia Owner', tz: 'Europe/Berlin' });
  const { dir, path } = tempDbPath();
  const db = openDb(path);
  runMigrations(db);
  const config = testConfig({
    slackApiUrl: sim.apiUrl,
    databasePath: path,
    programOwners: [OWNER],
    ...opts.config,
  });
  const logs: string[] = [];
  const log = createLogger({
    level: 'debug',
    secrets: [config.slackBotToken, config.slackSigningSecret],
    sink: (line) => logs.push(line),
  });
  const slackClient = createSlackClient(config);
  const deliverer = createDeliverer(
    { db, slack: slackClient, clock, log, maxPostsPerMinute: config.maxPostsPerMinute },
    opts.deliverer,
  );
  const deps: Deps = { db, config, clock, log, slack: slackClient, deliverer };
  const app = await startApp(deps);
  const url = `http://127.0.0.1:${app.port}`;
  const slack = createSlackRequester({
    url: `${url}/slack/events`,
    signingSecret: config.slackSigningSecret!,
    sim,
  });
  return {
    sim,
    db,
    dbPath: path,
    deps,
    clock,
    slack,
    app,
    url,
    logs,
    deliver: (waitUpToMs = 3000) => deliverer.deliverDue({ waitUpToMs }),
    close: async () => {
      await app.stop();
      await deliverer.stop();
      await sim.close();
      closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` stops throwing (listeners keep working after they ack). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** All the text a person would read in a message or view: fallback text plus every text field in its blocks. */
export function readable(x: { text?: string; blocks?: unknown[] } | undefined): string {
  if (!x) return '';
  const parts: string[] = [x.text ?? ''];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'text' && typeof val === 'string') parts.push(val);
        else walk(val);
      }
    }
  };
  walk(x.blocks ?? []);
  return parts.join('\n');
}
