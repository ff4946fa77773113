/**
 * Credentials never reach a capture, the dashboard or an export (DESIGN.md, security model).
 * Header redaction is applied by the relay before a record is written; key masking of payloads
 * is applied by the feed and the exporters, because the capture itself must stay byte-exact.
 */

export const REDACTED = '[redacted]';

/** Header names whose value is a credential, whatever the SDK. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|api-key|x-api-key|openai-api-key|x-goog-api-key|ocp-apim-subscription-key)$|(^|-)(api-?key|token|secret|password|session)($|-)/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** Lower-cases header names, joins repeated values with ", " and replaces credentials. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    out[name] = isCredentialHeader(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Key-shaped strings: OpenAI keys (sk-..., sk-proj-..., sess-...), bearer tokens written into
 * text, and other providers' common key prefixes. Long enough to avoid masking ordinary words.
 */
const KEY_SHAPED = /\b(?:sk|rk|sess)-(?:[A-Za-z0-9]+-)*[A-Za-z0-9_]{16,}|\bBearer\s+[A-Za-z0-9._~+/=-]{16,}|\bAIza[0-9A-Za-z_-]{30,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abpr]-[A-Za-z0-9-]{10,}/g;

/** Replaces key-shaped substrings with "[redacted]"; returns the input itself when none is found. */
export function maskSecrets(text: string): string {
  KEY_SHAPED.lastIndex = 0;
  if (!KEY_SHAPED.test(text)) return text;
  KEY_SHAPED.lastIndex = 0;
  return text.replace(KEY_SHAPED, REDACTED);
}
