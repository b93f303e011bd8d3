// npm run job -- <name> [--now <ISO-8601>] [--program <id>]
import { existsSync } from 'node:fs';
import { fixedClock } from '../clock';
import { formatConfigProblems, parseConfig } from '../config';
import { closeDb, openDb, runMigrations } from '../db/client';
import type { Deps } from '../deps';
import { createLogger } from '../log';
import { createDeliverer } from '../outbox/deliver';
import { createSlackClient } from '../slack/client';
import { jobs } from '.';
import { parseJobArgs } from './args';

async function main(): Promise<number> {
  const args = parseJobArgs(process.argv.slice(2), new Date());
  if ('error' in args) {
    process.stderr.write(`${args.error}\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = parseConfig(process.env, 'job');
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
    return 1;
  }
  const config = parsed.config;
  const log = createLogger({
    level: config.logLevel,
    secrets: [config.slackBotToken, config.slackSigningSecret, config.slackAppToken],
  });
  const db = openDb(config.databasePath);
  try {
    runMigrations(db);
    const clock = fixedClock(args.now);
    const slack = createSlackClient(config);
    const deliverer = createDeliverer({ db, slack, clock, log, maxPostsPerMinute: config.maxPostsPerMinute });
    const deps: Deps = { db, config, clock, log, slack, deliverer };
    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
      void deliverer.stop();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);

    const outcomes = jobs[args.name as keyof typeof jobs](deps, args.now, {
      programId: args.programId,
      trigger: 'manual',
    });
    for (const o of outcomes) {
      const detail = Object.entries(o.summary)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      log.info(
        o.ran
          ? `${args.name}: program ${o.programId}, period ${o.period}: done ${detail}`.trim()
          : `${args.name}: program ${o.programId}, period ${o.period}: already ran, nothing new`,
      );
    }
    if (outcomes.length === 0)
      log.info(`${args.name}: no open program${args.programId ? ` with id ${args.programId}` : ''}`);
    const report = await deliverer.deliverDue({ waitUpToMs: 120_000 });
    if (report.halted === 'no_token') {
      if (report.waiting > 0) {
        log.warn(
          `SLACK_BOT_TOKEN is not set: ${report.waiting} message(s) wait in the outbox for the bot to send`,
        );
      }
    } else if (report.halted) {
      log.error(
        `Slack refused the bot token (${report.halted}); ${report.waiting} message(s) wait in the outbox`,
      );
    } else {
      log.info(
        `delivered ${report.sent} message(s)` +
          (report.failed ? `, ${report.failed} could not be delivered` : '') +
          (report.waiting ? `, ${report.waiting} still waiting on Slack` : ''),
      );
    }
    return interrupted ? 130 : 0;
  } finally {
    closeDb(db);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`job failed: ${err.message}\n`);
    process.exit(1);
  },
);
