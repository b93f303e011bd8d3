// npm run backup -- <file>: a consistent copy of the live database, safe while the bot runs (SQLite backup API).
import { existsSync } from 'node:fs';
import { formatConfigProblems, parseConfig } from '../config';
import { closeDb, openDb } from './client';

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target || target.startsWith('-')) {
    process.stderr.write('usage: npm run backup -- <file>\n');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = parseConfig(process.env, 'job');
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
    return 1;
  }
  if (!existsSync(parsed.config.databasePath)) {
    process.stderr.write(`no database at ${parsed.config.databasePath}\n`);
    return 1;
  }
  if (existsSync(target)) {
    process.stderr.write(`${target} already exists; choose a new file name\n`);
    return 1;
  }
  const db = openDb(parsed.config.databasePath);
  try {
    await db.$client.backup(target);
    process.stdout.write(`backed up ${parsed.config.databasePath} to ${target}\n`);
    return 0;
  } finally {
    closeDb(db);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`backup failed: ${err.message}\n`);
    process.exit(1);
  },
);
