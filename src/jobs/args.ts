import { isJobName, jobNames } from './run';

export const usage = `usage: npm run job -- <name> [--now <ISO-8601>] [--program <id>]\njobs: ${jobNames.join(', ')}`;

export interface CliArgs {
  name: string;
  now: Date;
  programId?: number;
}

/** Pure: parses argv, or returns the message to print with exit code 2. */
export function parseJobArgs(argv: string[], realNow: Date): CliArgs | { error: string } {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('-')) return { error: `no job named.\n${usage}` };
  if (!isJobName(name)) return { error: `unknown job "${name}". Valid jobs: ${jobNames.join(', ')}` };
  let now = realNow;
  let programId: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag === '--now' && value !== undefined) {
      const t = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) {
        return { error: `--now needs an ISO-8601 time such as 2027-01-04T10:00:00Z, not "${value}"` };
      }
      now = new Date(t);
      i++;
    } else if (flag === '--program' && value !== undefined) {
      if (!/^\d+$/.test(value)) return { error: `--program needs a program id (a number), not "${value}"` };
      programId = Number(value);
      i++;
    } else {
      return { error: `unexpected argument "${flag}".\n${usage}` };
    }
  }
  return { name, now, programId };
}
