import type { OtlpTraces } from '../../src/core/export/otlp.ts';

/** Spans per request: collectors commonly cap a request at a few MB; 512 chat spans stay well under. */
export const MAX_SPANS_PER_REQUEST = 512;
/** A collector that does not answer in this time is given up on for that batch. */
export const OTLP_TIMEOUT_MS = 10_000;

/**
 * The OTLP/HTTP traces URL for an endpoint: `http://host:4318` → `http://host:4318/v1/traces`
 * (the spec's default path); a URL that already ends with /v1/traces is used as given.
 */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!/\/v1\/traces\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}

/** POSTs one ExportTraceServiceRequest as JSON; throws with the collector's status and body on failure. */
export async function postTraces(endpoint: string, body: OtlpTraces, headers: Record<string, string> = {}): Promise<void> {
  const url = tracesUrl(endpoint);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(OTLP_TIMEOUT_MS),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the user needs the URL and why (refused, no such host, timeout).
    throw new Error(`OTLP collector ${url} could not be reached: ${fetchFailure(err)}`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
    throw new Error(`OTLP collector ${url} answered ${res.status}${text ? `: ${text}` : ''}`);
  }
  await res.arrayBuffer().catch(() => undefined);
}

/** Why a fetch failed, from undici's error and its cause (`connect ECONNREFUSED 127.0.0.1:9`). */
export function fetchFailure(err: unknown): string {
  const e = err as Error & { cause?: unknown };
  if (e?.name === 'TimeoutError') return `no answer within ${OTLP_TIMEOUT_MS / 1000} s`;
  const cause = e?.cause as (Error & { code?: string; errors?: Error[] }) | undefined;
  if (cause) {
    // A host with several addresses fails with an AggregateError: its first attempt says enough.
    const inner = cause.message || cause.errors?.[0]?.message || cause.code;
    if (inner) return inner;
  }
  return e?.message ?? String(err);
}
