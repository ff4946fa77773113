/**
 * Where a search matches inside a shown text, for highlighting: the same rules as the search itself
 * (filters.ts compileSearch: plain text case-insensitive; a regex case-insensitive unless it has
 * upper case). Pure; a regex that does not compile highlights nothing.
 */

export interface TextPart {
  text: string;
  hit: boolean;
}

/** The matcher for a search, or null (no search, or a regex that does not compile). */
export function highlighter(search: string, regex: boolean): RegExp | null {
  if (search === '') return null;
  const flags = regex && /[A-Z]/.test(search) ? 'g' : 'gi';
  try {
    return new RegExp(regex ? search : search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  } catch {
    return null;
  }
}

/** The text cut into parts, the matched ones marked; at most `max` hits (a row shows a few). */
export function highlightParts(text: string, re: RegExp | null, max = 50): TextPart[] {
  if (!re || text === '') return [{ text, hit: false }];
  const parts: TextPart[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m && parts.length < 2 * max; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) parts.push({ text: text.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts.length ? parts : [{ text, hit: false }];
}
