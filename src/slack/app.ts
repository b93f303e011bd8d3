import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import { isHealthy } from '../db/client';
import type { Deps } from '../deps';
import type { Logger } from '../log';
import { slackClientOptions } from './client';
import { registerListeners } from './listeners';

export interface RunningApp {
  app: App;
  /** The HTTP port actually bound (HTTP mode), useful when PORT is 0. */
  port: number | null;
  stop(): Promise<void>;
}

/** Slack's payloads are small; anything larger than this is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 512 * 1024;

export function createApp(deps: Deps): { app: App; receiver: HTTPReceiver | null } {
  const { config, log } = deps;
  const logger = boltLogger(log);
  const clientOptions = slackClientOptions(config);
  let app: App;
  let receiver: HTTPReceiver | null = null;
  if (config.socketMode) {
    app = new App({
      token: config.slackBotToken,
      appToken: config.slackAppToken,
      socketMode: true,
      clientOptions,
      logger,
      deferInitialization: true,
      convoStore: false,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.slackSigningSecret ?? '',
      endpoints: '/slack/events',
      processBeforeResponse: false,
      bodyLimit: BODY_LIMIT_BYTES,
      logger,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            const ok = isHealthy(deps.db);
            res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok, service: 'mentor-bot', mode: 'http' }));
          },
        },
      ],
    });
    app = new App({
      token: config.slackBotToken,
      receiver,
      clientOptions,
      logger,
      // Checking the token (auth.test) happens in startApp, where a failure is a clear start-up error.
      deferInitialization: true,
      // Nothing here keeps per-conversation state in Bolt's store; skipping it saves work on every request.
      convoStore: false,
    });
  }
  app.error(async (error) => {
    log.error('Slack listener failed', { error: error as Error });
  });
  registerListeners(app, deps);
  return { app, receiver };
}

export async function startApp(deps: Deps): Promise<RunningApp> {
  const { app, receiver } = createApp(deps);
  await app.init();
  let port: number | null = null;
  if (receiver) {
    const server = (await receiver.start(deps.config.port)) as Server;
    port = (server.address() as AddressInfo).port;
  } else {
    await app.start();
  }
  return {
    app,
    port,
    stop: async () => {
      await app.stop();
    },
  };
}

/**
 * The Slack client's debug lines carry whole request and response bodies: views and messages with people's answers
 * (a private note shown on its author's home tab, for one). Those lines never reach our log.
 */
const bodyLine =
  /http request (body|result)|http response|ack\(\) (call begins|response sent) \(body: (?!undefined)/i;

function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
  return {
    debug: (...m) => {
      const line = text(m);
      if (!bodyLine.test(line)) log.debug(`bolt: ${line}`);
    },
    info: (...m) => log.info(`bolt: ${text(m)}`),
    warn: (...m) => log.warn(`bolt: ${text(m)}`),
    error: (...m) => log.error(`bolt: ${text(m)}`),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
