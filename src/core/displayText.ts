/**
 * Captured text and file names as the dashboard shows them. Untrusted text is rendered as text
 * (never HTML), but that is not enough: bidirectional control characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE and friends) reorder what follows them on screen, so a payload or a file name can show
 * something other than what it holds. They are shown escaped, as `\u202E`. Copy buttons keep the
 * exact text.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function escapeBidi(text: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  if (!BIDI_CONTROLS.test(text)) return text;
  BIDI_CONTROLS.lastIndex = 0;
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * The first `max` characters of a text for display (never splitting a surrogate pair), and how many
 * were left out. Laying out megabytes of text in one element froze the page for seconds.
 */
export function clipText(text: string, max: number): { shown: string; hidden: number } {
  if (text.length <= max) return { shown: text, hidden: 0 };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { shown: text.slice(0, end), hidden: text.length - end };
}
