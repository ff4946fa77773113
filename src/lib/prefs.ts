/**
 * The user's layout and display choices (time mode, pane and column sizes), kept in localStorage so
 * they survive a reload. Per origin, so per relay port; nothing of the capture is stored. A value
 * that is missing, unreadable or not what the reader expects falls back to the default.
 */

const PREFIX = 'responses-inspector.';

export function readPref<T>(key: string, valid: (v: unknown) => v is T, fallback: T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function writePref(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or refused (a private window): the choice holds until the reload.
  }
}
