import { desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { programs } from '../schema';

export type Program = typeof programs.$inferSelect;
export type NewProgram = typeof programs.$inferInsert;

export function insertProgram(db: DbOrTx, values: NewProgram): Program {
  return db.insert(programs).values(values).returning().get();
}

export function getProgram(db: DbOrTx, id: number): Program | undefined {
  return db.select().from(programs).where(eq(programs.id, id)).get();
}

/** Programs that jobs work on: launching (invitations still being queued) and open. */
export function listOpenPrograms(db: DbOrTx): Program[] {
  return db
    .select()
    .from(programs)
    .where(inArray(programs.status, ['launching', 'open']))
    .orderBy(programs.id)
    .all();
}

export function listProgramsByOwner(db: DbOrTx, ownerId: string): Program[] {
  return db.select().from(programs).where(eq(programs.ownerId, ownerId)).orderBy(desc(programs.id)).all();
}

export function updateProgram(db: DbOrTx, id: number, values: Partial<NewProgram>): void {
  db.update(programs).set(values).where(eq(programs.id, id)).run();
}
