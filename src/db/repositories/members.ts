import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { members } from '../schema';

export type Member = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;

export function getMember(db: DbOrTx, userId: string): Member | undefined {
  return db.select().from(members).where(eq(members.userId, userId)).get();
}

/** Keeps the stored Slack profile current; delivery errors stay until the person is seen active again. */
export function upsertMember(db: DbOrTx, m: NewMember): void {
  db.insert(members)
    .values(m)
    .onConflictDoUpdate({
      target: members.userId,
      set: {
        name: sql`excluded.name`,
        realName: sql`excluded.real_name`,
        title: sql`excluded.title`,
        tz: sql`excluded.tz`,
        isActive: sql`excluded.is_active`,
        statusText: sql`excluded.status_text`,
        statusEmoji: sql`excluded.status_emoji`,
        statusExpiration: sql`excluded.status_expiration`,
        // Seen active again: a deactivation error no longer holds; other delivery errors (a bot) still do.
        deliveryError: sql`case when excluded.is_active then (case when ${members.deliveryError} in ('account_inactive', 'user_not_found') then null else ${members.deliveryError} end) else 'account_inactive' end`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .run();
}

/** A display name safe to use in messages: Slack renders <@U…> as the person's current name. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}
