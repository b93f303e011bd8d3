/** A small leveled logger that never prints a secret: known tokens are masked in every line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const tokenPattern = /\bx(?:ox[abpre]|app)-[A-Za-z0-9-]+/g;

export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

export function createLogger(opts: {
  level: LogLevel;
  secrets?: (string | undefined)[];
  sink?: LogSink;
}): Logger {
  const threshold = order[opts.level];
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const sink = opts.sink ?? defaultSink;
  const redact = (text: string) => {
    let out = text.replace(tokenPattern, '[redacted]');
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  };
  const write = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < threshold) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    sink(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${extra}`), level);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserializable]';
  }
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
