/** No agent connected yet: exactly how to point each SDK at this relay (docs/protocol.md §2.4). */

import { connectSnippets } from '../core/connectSnippets.ts';
import { useDashboard } from '../store/index.ts';
import { CopyButton } from './common/CopyButton.tsx';

export function EmptyState() {
  const hello = useDashboard((s) => s.hello);
  if (hello?.mode === 'file') return <div className="empty-state muted" data-testid="empty-state">This capture has no connections.</div>;
  const baseUrl = hello?.baseUrl ?? `${location.protocol}//${location.host}/v1`;
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>No agent connected yet</h2>
      <p>
        Point your agent&apos;s SDK at this relay. Base URL:{' '}
        <code data-testid="base-url">{baseUrl}</code> <CopyButton text={baseUrl} />
        {hello?.relayUrl ? (
          <>
            {' '}
            (socket <code>{hello.relayUrl}</code>)
          </>
        ) : null}
      </p>
      <p className="muted">Do not add /responses yourself: the SDKs append it. Your API key passes through to the upstream and is never recorded.</p>
      {connectSnippets(baseUrl).map((s) => (
        <section key={s.id} className="snippet" data-testid={`snippet-${s.id}`}>
          <div className="snippet-head">
            <strong>{s.title}</strong> <CopyButton text={s.code} />
          </div>
          <pre>{s.code}</pre>
          <p className="muted">{s.caveat}</p>
        </section>
      ))}
    </div>
  );
}
