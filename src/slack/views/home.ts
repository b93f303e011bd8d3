import { escapeMrkdwn, plural } from '../../domain/text';
import type { HomeData } from '../../flows/home';
import { extraActions, MENTOR_COMMAND } from '../ids';
import { type AnyBlock, actions, context, divider, header, section } from './blocks';
import { ownerHomeText } from './digest';
import { relationshipBlocks } from './status';

const participationText: Record<HomeData['participations'][number]['status'], string> = {
  invited: 'You are invited: answer the short survey to take part.',
  answered: 'Thanks for answering: you are in the pool for the next matching round.',
  declined: 'You said not this time. You can still join with `/mentor join`.',
  left: 'You have left this program.',
};

/** The App Home tab: the person's programs and next steps; for owners, each program's figures. */
export function buildHome(data: HomeData): { type: 'home'; blocks: AnyBlock[] } {
  const blocks: AnyBlock[] = [header('Mentoring')];
  const mine = data.participations.filter((p) => p.programStatus !== 'ended');
  if (data.relationships.length > 0) {
    blocks.push(section('*Your mentoring*'));
    for (const r of data.relationships) blocks.push(...relationshipBlocks(r, true));
    blocks.push(divider());
  }
  if (mine.length === 0) {
    blocks.push(
      section(
        "You're not in a mentoring program yet. When a program owner launches one for your team, I'll send you a short survey by DM.",
      ),
    );
  } else {
    for (const p of mine) {
      blocks.push(section(`*${escapeMrkdwn(p.programName)}*\n${participationText[p.status]}`));
    }
  }
  if (data.checkins.length > 0) {
    blocks.push(section('*Your check-ins* (only you can see these)'));
    for (const c of data.checkins) {
      const when = c.answeredAt ? new Date(c.answeredAt).toISOString().slice(0, 10) : '';
      const parts = [`${c.isFinal ? 'Final reflection' : 'Check-in'} · ${when} · progress ${c.progress}/5`];
      if (c.highlight)
        parts.push(`Highlight${c.share ? ' (shared without your name)' : ''}: ${escapeMrkdwn(c.highlight)}`);
      if (c.privateNote) parts.push(`Your private note: ${escapeMrkdwn(c.privateNote)}`);
      blocks.push(context(parts.join('\n')));
    }
  }
  blocks.push(context(`Type \`${MENTOR_COMMAND} help\` in any channel to see everything you can do.`));
  if (data.isOwner) {
    blocks.push(divider(), header('Programs you run'));
    if (data.ownerPrograms.length === 0) {
      blocks.push(section(`No open programs. Launch one with \`${MENTOR_COMMAND} admin\`.`));
    }
    for (const s of data.ownerPrograms) {
      const state = s.program.status === 'launching' ? ' (invitations being queued)' : '';
      blocks.push(
        section(
          `*${escapeMrkdwn(s.program.name)}* · program ${s.program.id}${state}\n` +
            `${plural(s.invited, 'person', 'people')} invited · ${s.answered} answered · ${s.declined} declined\n` +
            ownerHomeText(s.digest),
        ),
        actions([
          { text: 'Run matching now', actionId: extraActions.adminMatch, value: String(s.program.id) },
          { text: 'Post the digest now', actionId: extraActions.adminDigest, value: String(s.program.id) },
          { text: 'Export CSV', actionId: extraActions.adminExport, value: String(s.program.id) },
        ]),
      );
    }
  }
  return { type: 'home', blocks };
}
