export type MentorCommand =
  | { name: 'help'; unknown?: string }
  | { name: 'join' | 'status' | 'log' | 'goals' | 'resume' | 'end' }
  | { name: 'pause'; weeks: number | 'invalid' }
  | { name: 'admin'; sub: 'setup' | 'match' | 'digest' | 'export' | 'invalid'; raw?: string };

const simple = new Set(['join', 'status', 'log', 'goals', 'resume', 'end']);

/** Pure: turns the text after `/mentor` into a sub-command. Unknown text is help, naming what was not understood. */
export function parseMentorCommand(text: string | undefined): MentorCommand {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  const first = (words[0] ?? '').toLowerCase();
  if (first === '' || first === 'help') return { name: 'help' };
  if (simple.has(first)) return { name: first as 'join' };
  if (first === 'pause') {
    if (words.length === 1) return { name: 'pause', weeks: 2 };
    const w = words[1] ?? '';
    if (words.length > 2 || !/^\d{1,2}$/.test(w)) return { name: 'pause', weeks: 'invalid' };
    const weeks = Number(w);
    return { name: 'pause', weeks: weeks >= 1 && weeks <= 8 ? weeks : 'invalid' };
  }
  if (first === 'admin') {
    const sub = (words[1] ?? '').toLowerCase();
    if (words.length > 2) return { name: 'admin', sub: 'invalid', raw: words.slice(1).join(' ') };
    if (sub === '' || sub === 'setup' || sub === 'launch') return { name: 'admin', sub: 'setup' };
    if (sub === 'match' || sub === 'digest' || sub === 'export') return { name: 'admin', sub };
    return { name: 'admin', sub: 'invalid', raw: words.slice(1).join(' ') };
  }
  return { name: 'help', unknown: words.join(' ') };
}
