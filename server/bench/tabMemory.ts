import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of the largest Chromium renderer this process launched (the page under test; a
 * tab is one renderer process), in MB, read from /proc. The JS heap alone misses the DOM, layers
 * and strings held outside it, so the "tab under 1.5 GB" is checked against this. Returns
 * 0 where /proc is not available.
 */
export function tabRssMb(): number {
  return largestRenderer((status) => field(status, 'VmRSS'));
}

/**
 * The same renderer's private memory, in MB: anonymous resident pages and swap (RssAnon + VmSwap).
 * RSS also counts the pages of the Chromium binary and libraries the renderer has mapped (~90-115 MB
 * here, shared with every other Chromium process), which no page's code can change; this is the
 * tab's own share, reported beside RSS, not instead of it.
 */
export function tabPrivateMb(): number {
  return largestRenderer((status) => field(status, 'RssAnon') + field(status, 'VmSwap'));
}

function field(status: string, name: string): number {
  return Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}

function largestRenderer(of: (status: string) => number): number {
  let max = 0;
  for (const pid of ourRenderers()) {
    try {
      max = Math.max(max, of(readFileSync(`/proc/${pid}/status`, 'utf8')));
    } catch {
      // Gone.
    }
  }
  return max;
}

/** CPU seconds (user + system, every thread) used so far by the Chromium renderers this process launched. */
export function tabCpuSeconds(): number {
  let ticks = 0;
  for (const pid of ourRenderers()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks / 100;
}

function ourRenderers(): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const parent = new Map<string, string>();
  const renderers: string[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = (pid: string) => {
    for (let p: string | undefined = pid, hops = 0; p && p !== '0' && hops < 10; p = parent.get(p), hops++) {
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  return renderers.filter(ours);
}
