/** The dashboard's fault buttons: POST /api/fault on the relay (token cookie, same origin). */
export async function injectFault(conn: string, fault: string): Promise<string> {
  const res = await fetch('/api/fault', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conn, fault }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string; conns?: string[]; when?: string };
  if (!res.ok) throw new Error(body.error ?? `the relay answered ${res.status}`);
  if (body.when === 'next upgrade') return `${fault}: the next upgrade will be refused`;
  if (!body.conns?.length) return `${fault}: no open connection`;
  return `${fault}: ${body.when === 'now' ? 'struck' : `armed on`} ${body.conns.join(', ')}${body.when === 'now' ? '' : ` (at its ${body.when})`}`;
}
