/**
 * The one warning shown after a file was opened in the dashboard with lines skipped (bad
 * input): which lines, by number, and why, capped so a badly broken file gives a readable message.
 */

import { countOf, groupDigits } from './labels.ts';

export interface LoadWarning {
  /** 1-based line number; 0 for what a HAR import left out. */
  line: number;
  message: string;
}

const LISTED = 5;

export function describeLoadWarnings(name: string, warnings: readonly LoadWarning[], total = warnings.length): string | undefined {
  if (total === 0) return undefined;
  const lines = warnings.filter((w) => w.line > 0);
  const notes = warnings.filter((w) => w.line === 0);
  const parts: string[] = [];
  if (lines.length) {
    // The heading says the lines were skipped: each one's reason only, without "line N:" or "; line skipped" again.
    const listed = lines.slice(0, LISTED).map((w) => `line ${w.line}: ${w.message.replace(/^line \d+:\s*/, '').replace(/;\s*line skipped$/, '')}`);
    const more = total - notes.length - listed.length;
    parts.push(`${countOf(total - notes.length, 'line')} skipped in ${name} (${listed.join('; ')}${more > 0 ? `; and ${groupDigits(more)} more` : ''})`);
  }
  if (notes.length)
    parts.push(
      `${name}: ${notes
        .slice(0, LISTED)
        .map((w) => w.message)
        .join('; ')}`,
    );
  return parts.join('. ');
}
