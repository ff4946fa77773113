/**
 * Credentials never reach a capture, the dashboard or an export: a capture is shared and attached to bug reports, a key in it is a leak.
 *
 * Where masking happens:
 * - frame `data` stays byte-exact in the capture file (it is evidence); the feed, every dashboard
 *   route and every export mask key-shaped strings in it on the way out (`maskSecrets`);
 * - everything else a record carries (headers, the upgrade path and its query, upstream URLs, close
 *   reasons, error messages) is masked before it is written anywhere (`maskRecord`), and so are the
 *   relay's console lines.
 */

import type { CaptureRecord } from './capture.ts';

export const REDACTED = '[redacted]';

/**
 * Header names whose value is a credential, whatever the SDK or gateway: the standard ones, and any
 * name with a key/token/secret/password/session/auth/credential part (x-openai-key, helicone-auth,
 * x-portkey-api-key, cf-aig-authorization...).
 */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|api-key|x-api-key|openai-api-key|x-goog-api-key|ocp-apim-subscription-key)$|(^|[-_])(api-?key|key|token|secret|password|passwd|session|auth|authorization|credentials?|signature)($|[-_])/i;

export function isCredentialHeader(name: string): boolean {
  // The handshake nonce is protocol data, not a credential.
  return name.toLowerCase() !== 'sec-websocket-key' && CREDENTIAL_HEADER.test(name);
}

/**
 * Lower-cases header names, joins repeated values with ", ", replaces credentials, and masks
 * key-shaped strings in the other values (a key pasted into a custom header).
 */
export function redactHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    out[name] = isCredentialHeader(name) ? REDACTED : maskSecrets(Array.isArray(value) ? value.join(', ') : String(value));
  }
  return out;
}

/** A case-insensitive regex source for a word (V8 in Node 20 has no inline `(?i:)`). */
const ci = (word: string) => word.replace(/[a-z]/gi, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);

/**
 * Every key shape, as regex sources. The table in redact.test.ts is the contract; mayHoldKey
 * (server/broadcast/maskChunk.ts) must find an anchor of each. A shape with a capturing group keeps
 * that group (the scheme word, the parameter name, `://`) and masks the rest; every other group in
 * these sources is non-capturing.
 */
const SHAPES = [
  // PEM private keys, whole, whatever the line breaks look like (raw, or JSON-escaped once or twice).
  String.raw`-----BEGIN[A-Z ]*PRIVATE KEY-----(?:(?!-----END)[A-Za-z0-9+/=\s\\:,.-])*(?:-----END[A-Z ]*PRIVATE KEY-----)?`,
  // JWTs: header.payload.signature, both JSON objects, so both start with eyJ.
  // Not preceded by a base64url character: with "-" in the class, a \b start would retry at every
  // "eyJ" of a run like "eyJ-eyJ-…" and backtrack over the rest each time (quadratic).
  String.raw`(?<![\w-])eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*`,
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-), Anthropic (sk-ant-api03-), session and restricted keys: `-` and `_` anywhere.
  String.raw`\b(?:sk|rk|sess)-[\w-]{16,}`,
  // Stripe secret and restricted keys, Groq, Hugging Face, GitHub (classic and fine-grained), Slack, Google.
  String.raw`\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}`,
  String.raw`\bgsk_[A-Za-z0-9]{20,}`,
  String.raw`\bhf_[A-Za-z0-9]{20,}`,
  String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
  String.raw`\bgithub_pat_\w{20,}`,
  String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`,
  String.raw`\bAIza[\w-]{30,}`,
  // AWS access key ids; secret keys only where named (40 base64 characters are otherwise anything).
  String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
  String.raw`((?:${ci('aws')}_?)?${ci('secret')}_?${ci('access')}_?${ci('key')}["'\\]*\s*[:=]\s*["'\\]*)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])`,
  // Bearer and Basic credentials in any case; the value must look like one (a digit, a symbol or a
  // lower-upper change), so prose such as "basic information" is left alone.
  String.raw`(\b(?:${ci('bearer')}|${ci('basic')})\s+)(?=[\w.~+/-]*(?:[0-9_+/=]|[a-z][A-Z]))[\w.~+/-]{12,}=*`,
  // user:pass@ in URLs.
  String.raw`(:\/\/)[^\s/?#@:"'\\<>]+(?::[^\s/?#@"'\\<>]*)?(?=@)`,
  // Credentials in query strings.
  String.raw`([?&;](?:${[
    'api_key',
    'api-key',
    'apikey',
    'key',
    'token',
    'access_token',
    'id_token',
    'refresh_token',
    'auth',
    'password',
    'passwd',
    'secret',
    'client_secret',
    'session',
  ]
    .map(ci)
    .join('|')})=)[^&#\s"'\\<>]+`,
];

const KEY_SHAPED = new RegExp(SHAPES.join('|'), 'g');

const keepGroup = (_match: string, ...rest: unknown[]): string => {
  for (const group of rest) {
    if (typeof group === 'string') return group + REDACTED;
    if (typeof group === 'number') break;
  }
  return REDACTED;
};

/**
 * A record with every credential outside frame payloads masked: headers, the path and its query,
 * upstream URLs, close reasons, error messages. Frames come back as they are (their `data` is
 * evidence; it is masked on the way out, unless an export is asked to include secrets). Returns the
 * record itself when nothing changed.
 */
export function maskRecord<R extends CaptureRecord>(rec: R): R {
  switch (rec.kind) {
    case 'capture.start':
      return maskFields(rec, ['upstream']);
    case 'conn.open':
      return withHeaders(maskFields(rec, ['path']), rec.headers);
    case 'conn.upstream_open':
      return withHeaders(maskFields(rec, ['upstream']), rec.headers);
    case 'conn.close':
      return maskFields(rec, ['reason']);
    case 'conn.error':
    case 'capture.gap':
      return maskFields(rec, ['message']);
    default:
      return rec;
  }
}

function maskFields<R extends CaptureRecord>(rec: R, fields: string[]): R {
  let out = rec;
  for (const field of fields) {
    const value = (rec as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const masked = maskSecrets(value);
    if (masked !== value) out = { ...out, [field]: masked };
  }
  return out;
}

function withHeaders<R extends CaptureRecord>(rec: R, headers: Record<string, string> | undefined): R {
  if (!headers || typeof headers !== 'object') return rec;
  const masked = redactHeaders(headers);
  const changed = Object.keys(headers).some((k) => masked[k.toLowerCase()] !== headers[k]);
  return changed ? { ...rec, headers: masked } : rec;
}

/** Replaces key-shaped substrings with "[redacted]"; returns the input itself when none is found. */
export function maskSecrets(text: string): string {
  KEY_SHAPED.lastIndex = 0;
  if (!KEY_SHAPED.test(text)) return text;
  KEY_SHAPED.lastIndex = 0;
  return text.replace(KEY_SHAPED, keepGroup);
}
