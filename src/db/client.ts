import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle inside `db.transaction(...)`: repository functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Found relative to this module, never the working directory. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Opens (and creates, with its folder) the SQLite file: WAL, a busy timeout so processes share it, foreign keys on. */
export function openDb(path: string): Db {
  if (path !== ':memory:' && !path.startsWith('file:')) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  return drizzle(sqlite, { schema }) as Db;
}

export function runMigrations(db: Db): void {
  try {
    migrate(db, { migrationsFolder });
  } catch (err) {
    // Two processes starting at once (a deploy while a job runs) can both see a migration pending; the loser's
    // second look finds it applied and does nothing.
    migrate(db, { migrationsFolder });
    void err;
  }
}

/** A write transaction that takes the write lock up front, so two processes never deadlock upgrading a read. */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** True when the database answers and every migration is applied. */
export function isHealthy(db: Db): boolean {
  try {
    db.$client.prepare('select 1').get();
    return true;
  } catch {
    return false;
  }
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A raw prepared statement, prepared once per connection. For the few per-row lookups in hot job loops, where
 * building and preparing the query each time costs far more than SQLite's work.
 */
function clientOf(db: DbOrTx): Database.Database {
  return (
    (db as { $client?: Database.Database }).$client ??
    (db as unknown as { session: { client: Database.Database } }).session.client
  );
}

export function prepared(db: DbOrTx, sqlText: string): Database.Statement {
  const client = clientOf(db);
  let cache = statements.get(client);
  if (!cache) {
    cache = new Map();
    statements.set(client, cache);
  }
  let stmt = cache.get(sqlText);
  if (!stmt) {
    stmt = client.prepare(sqlText);
    cache.set(sqlText, stmt);
  }
  return stmt;
}

const queries = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * A drizzle query built and prepared once per connection (its parameters as `sql.placeholder`s), for reads on a
 * path with a latency budget, such as a slash command's answer. `name` identifies the query; `build` makes it.
 */
export function preparedQuery<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  const client = clientOf(db);
  let cache = queries.get(client);
  if (!cache) {
    cache = new Map();
    queries.set(client, cache);
  }
  let query = cache.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db);
    cache.set(name, query);
  }
  return query;
}
