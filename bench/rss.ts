import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of this process, in KiB.
 *
 * On Linux this is VmHWM from /proc/self/status, not `process.resourceUsage().maxRSS`: getrusage's ru_maxrss
 * survives fork and exec, so a child started by a large parent (the bench process holds a seeded database in its
 * page cache) would report the parent's peak instead of its own. VmHWM belongs to the address space exec creates.
 */
export function peakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS;
}
