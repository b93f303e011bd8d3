import { z } from 'zod';

/** What the process is started as: the server needs Slack credentials, a job can queue without them. */
export type ConfigMode = 'server' | 'job';

const userId = /^[UW][A-Z0-9]{2,}$/;
const channelId = /^[CGD][A-Z0-9]{2,}$/;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function intSetting(min: number, max: number, fallback: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    const n = Number(v);
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

const schema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{8,}$/, 'must be the app signing secret (letters and digits)')
      .optional(),
  ),
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  SLACK_API_URL: optionalText
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional())
    .transform((v) => {
      const url = v ?? 'https://slack.com/api/';
      return url.endsWith('/') ? url : `${url}/`;
    }),
  PORT: intSetting(1, 65535, 3000),
  DATABASE_PATH: optionalText.pipe(z.string().default('./data/mentor-bot.db')),
  PROGRAM_OWNERS: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const ids = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = ids.filter((id) => !userId.test(id));
        if (bad.length > 0) {
          ctx.addIssue({ code: 'custom', message: `not Slack user IDs: ${bad.join(', ')}` });
          return z.NEVER;
        }
        return Object.freeze(ids);
      }),
  ),
  DIGEST_CHANNEL: optionalText.pipe(
    z.string().regex(channelId, 'must be a Slack channel ID such as C0123ABCD').optional(),
  ),
  SLACK_MAX_POSTS_PER_MINUTE: intSetting(1, 6000, 300),
  LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
});

export type Config = Readonly<{
  slackBotToken: string | undefined;
  slackSigningSecret: string | undefined;
  slackAppToken: string | undefined;
  slackApiUrl: string;
  port: number;
  databasePath: string;
  programOwners: readonly string[];
  digestChannel: string | undefined;
  maxPostsPerMinute: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  socketMode: boolean;
}>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Pure: reads only the object it is given. `main.ts` and `jobs/cli.ts` pass `process.env`. */
export function parseConfig(
  env: Record<string, string | undefined>,
  mode: ConfigMode = 'server',
): ConfigResult {
  const parsed = schema.safeParse(env);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? 'environment'), message: issue.message });
    }
  }
  const v = parsed.success ? parsed.data : undefined;
  if (mode === 'server') {
    const has = (name: string) => (env[name] ?? '').trim() !== '';
    if (!has('SLACK_BOT_TOKEN')) problems.push({ variable: 'SLACK_BOT_TOKEN', message: 'is required' });
    if (!has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
      problems.push({
        variable: 'SLACK_SIGNING_SECRET',
        message: 'is required in HTTP mode (set SLACK_APP_TOKEN for Socket Mode instead)',
      });
    }
  }
  if (problems.length > 0 || !v) {
    return { ok: false, problems: dedupe(problems) };
  }
  return {
    ok: true,
    config: Object.freeze({
      slackBotToken: v.SLACK_BOT_TOKEN,
      slackSigningSecret: v.SLACK_SIGNING_SECRET,
      slackAppToken: v.SLACK_APP_TOKEN,
      slackApiUrl: v.SLACK_API_URL,
      port: v.PORT,
      databasePath: v.DATABASE_PATH,
      programOwners: v.PROGRAM_OWNERS ?? [],
      digestChannel: v.DIGEST_CHANNEL,
      maxPostsPerMinute: v.SLACK_MAX_POSTS_PER_MINUTE,
      logLevel: v.LOG_LEVEL,
      socketMode: v.SLACK_APP_TOKEN !== undefined,
    }),
  };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatConfigProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.variable} ${p.message}`);
  return `mentor-bot cannot start: ${problems.length === 1 ? 'one setting needs' : 'some settings need'} attention.\n${lines.join('\n')}\nSee .env.example for every setting.`;
}

/** A config for tests and the demo: everything valid, overrides applied. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    slackBotToken: 'xoxb-test-token',
    slackSigningSecret: 'testsigningsecret0123',
    slackAppToken: undefined,
    slackApiUrl: 'http://127.0.0.1:1/api/',
    port: 0,
    databasePath: ':memory:',
    programOwners: ['UOWNER1'],
    digestChannel: 'CDIGEST1',
    maxPostsPerMinute: 6000,
    logLevel: 'silent',
    socketMode: false,
    ...overrides,
  });
}
