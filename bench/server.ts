/**
 * A server for the acknowledgement-latency case, in its own process (its own core, its own RSS), started by
 * bench/run.ts with `fork` so they can talk over IPC:
 *
 *   app  <database> <Slack API URL> <signing secret> <owner>   the real app, started as `npm start` starts it
 *   bare <Slack API URL> <signing secret>                      a bare Bolt app that only acks `/mentor`
 *
 * Sends { type: 'ready', port } once listening; on the message 'stop' it stops and sends
 * { type: 'stopped', maxRssKb }.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { systemClock } from '../src/clock';
import { testConfig } from '../src/config';
import { closeDb, openDb, runMigrations } from '../src/db/client';
import type { Deps } from '../src/deps';
import { silentLogger } from '../src/log';
import { createDeliverer } from '../src/outbox/deliver';
import { clearHalt } from '../src/outbox/rate-limit';
import { startApp } from '../src/slack/app';
import { createSlackClient, slackClientOptions } from '../src/slack/client';
import { peakRssKb } from './rss';

type Stop = () => Promise<void>;

/** The real app the way src/main.ts starts it (minus the cron scheduler, which would only add noise here). */
async function startReal(dbPath: string, apiUrl: string, secret: string, owner: string) {
  const config = testConfig({
    slackApiUrl: apiUrl,
    slackSigningSecret: secret,
    databasePath: dbPath,
    port: 0,
    programOwners: [owner],
    logLevel: 'silent',
  });
  const db = openDb(config.databasePath);
  runMigrations(db);
  clearHalt(db);
  const slack = createSlackClient(config);
  const deliverer = createDeliverer({
    db,
    slack,
    clock: systemClock,
    log: silentLogger,
    maxPostsPerMinute: config.maxPostsPerMinute,
  });
  const deps: Deps = { db, config, clock: systemClock, log: silentLogger, slack, deliverer };
  const running = await startApp(deps);
  deliverer.start();
  const stop: Stop = async () => {
    await running.stop();
    await deliverer.stop();
    closeDb(db);
  };
  return { port: running.port ?? 0, stop };
}

/** The floor: Bolt's own HTTP receiver, signature check and command routing, and nothing else. */
async function startBare(apiUrl: string, secret: string) {
  const receiver = new HTTPReceiver({
    signingSecret: secret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
  });
  const app = new App({
    token: 'xoxb-test-token',
    receiver,
    clientOptions: slackClientOptions({ slackApiUrl: apiUrl }),
    logLevel: LogLevel.ERROR,
  });
  app.command('/mentor', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'Hello from a bare Bolt app.' });
  });
  const server = (await receiver.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  return { port, stop: () => app.stop() as Promise<void> };
}

async function main(): Promise<void> {
  const [kind, ...rest] = process.argv.slice(2);
  if (!process.send) throw new Error('bench/server.ts is started by bench/run.ts over IPC');
  const started =
    kind === 'app'
      ? await startReal(rest[0] ?? '', rest[1] ?? '', rest[2] ?? '', rest[3] ?? '')
      : await startBare(rest[0] ?? '', rest[1] ?? '');
  process.on('message', (msg) => {
    if (msg !== 'stop') return;
    void started.stop().finally(() => {
      process.send?.({ type: 'stopped', maxRssKb: peakRssKb() }, () => process.exit(0));
    });
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port: started.port });
}

main().catch((err: Error) => {
  process.stderr.write(`bench server failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
