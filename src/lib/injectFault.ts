/** The dashboard's fault buttons: POST /api/fault on the relay (token cookie, same origin). */
export async function injectFault(conn: string, fault: string): Promise<string> {
  const res = await fetch('/api/fault', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conn, fault }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string; conns?: string[]; armedForNextUpgrade?: boolean };
  if (!res.ok) throw new Error(body.error ?? `the relay answered ${res.status}`);
  if (body.armedForNextUpgrade) return `${fault}: the next upgrade will be refused`;
  return body.conns && body.conns.length > 0 ? `${fault}: injected into ${body.conns.join(', ')}` : `${fault}: no open connection`;
}
