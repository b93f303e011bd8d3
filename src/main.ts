// loadConfig -> openDb -> runMigrations -> createApp -> register -> startScheduler
import { existsSync } from 'node:fs';
import { systemClock } from './clock';
import { formatConfigProblems, parseConfig } from './config';
import { closeDb, openDb, runMigrations } from './db/client';
import type { Deps } from './deps';
import { resumeLaunches } from './flows/launch';
import { startScheduler } from './jobs/scheduler';
import { createLogger } from './log';
import { createDeliverer } from './outbox/deliver';
import { clearHalt } from './outbox/rate-limit';
import { startApp } from './slack/app';
import { createSlackClient } from './slack/client';

/** `.env` is read when present; variables already set in the environment win. */
function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

async function main(): Promise<void> {
  loadDotEnv();
  const parsed = parseConfig(process.env, 'server');
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger({
    level: config.logLevel,
    secrets: [config.slackBotToken, config.slackSigningSecret, config.slackAppToken],
  });
  const db = openDb(config.databasePath);
  runMigrations(db);
  // A restart is when an operator fixes a refused token: try sending again.
  clearHalt(db);
  const clock = systemClock;
  const slack = createSlackClient(config);
  const deliverer = createDeliverer({ db, slack, clock, log, maxPostsPerMinute: config.maxPostsPerMinute });
  const deps: Deps = { db, config, clock, log, slack, deliverer };

  const running = await startApp(deps);
  deliverer.start();
  const scheduler = startScheduler(deps);
  resumeLaunches(deps);
  log.info(
    config.socketMode
      ? 'mentor-bot is running in Socket Mode'
      : `mentor-bot is listening on port ${running.port} (POST /slack/events, GET /healthz)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: finishing the message in flight, then stopping`);
    scheduler.stop();
    await running.stop().catch((err) => log.warn('stopping the Slack app failed', { error: err as Error }));
    await deliverer.stop();
    closeDb(db);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error & { code?: string; data?: { error?: string } }) => {
  const refused = err.code === 'slack_webapi_platform_error' ? err.data?.error : undefined;
  process.stderr.write(
    refused
      ? `mentor-bot cannot start: Slack refused SLACK_BOT_TOKEN (${refused}). Check the token and that the app is installed.\n`
      : `mentor-bot failed to start: ${err.message}\n`,
  );
  process.exit(1);
});
