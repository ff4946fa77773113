/**
 * No connection on screen. Live: no agent connected yet, and exactly how to point each SDK at this
 * relay (each SDK takes a base URL). A replay before its first connection: press play. A saved capture
 * (open FILE, or an opened file) with none: says so; nothing there can connect.
 */

import { useState } from 'react';
import { connectSnippets } from '../core/connectSnippets.ts';
import { useDashboard } from '../store/index.ts';
import { CopyButton } from './common/CopyButton.tsx';

export function EmptyState() {
  const [sdk, setSdk] = useState('python');
  const hello = useDashboard((s) => s.hello);
  const replaying = useDashboard((s) => s.replay !== null);
  const viewingFile = useDashboard((s) => s.source.kind === 'file');
  if (replaying) {
    return (
      <div className="empty-state" data-testid="empty-state" data-kind="replay">
        <h2>Replay at its start</h2>
        <p className="muted">
          Nothing has happened yet at this point of the capture. Press ▶ Play in the replay bar (or drag its scrubber) to watch it unfold; ■ Stop shows the whole capture again.
        </p>
      </div>
    );
  }
  if (hello?.mode === 'file' || viewingFile)
    return (
      <div className="empty-state muted" data-testid="empty-state" data-kind="file">
        This capture has no connections.
      </div>
    );
  const baseUrl = hello?.baseUrl ?? `${location.protocol}//${location.host}/v1`;
  const snippets = connectSnippets(baseUrl);
  const shown = snippets.find((s) => s.id === sdk) ?? snippets[0];
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>No agent connected yet</h2>
      <p>
        Point your agent&apos;s SDK at this relay. Base URL: <code data-testid="base-url">{baseUrl}</code> <CopyButton text={baseUrl} />
        {hello?.relayUrl ? (
          <>
            {' '}
            (socket <code>{hello.relayUrl}</code>)
          </>
        ) : null}
      </p>
      <p className="muted">Do not add /responses yourself: the SDKs append it. Your API key passes through to the upstream and is never recorded.</p>
      {/* One SDK at a time: all three stacked did not fit above the timeline. */}
      <div className="snippet-tabs" role="tablist" aria-label="SDK">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`snippet-tab-${s.id}`}
            aria-selected={s.id === shown.id}
            aria-controls={`snippet-panel-${s.id}`}
            data-testid={`snippet-tab-${s.id}`}
            onClick={() => setSdk(s.id)}
          >
            {s.title}
          </button>
        ))}
      </div>
      {snippets.map((s) => (
        <section
          key={s.id}
          className="snippet"
          role="tabpanel"
          id={`snippet-panel-${s.id}`}
          aria-labelledby={`snippet-tab-${s.id}`}
          hidden={s.id !== shown.id}
          data-testid={`snippet-${s.id}`}
        >
          <div className="snippet-head">
            <strong>{s.title}</strong> <CopyButton text={s.code} />
          </div>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable code block must take focus to scroll by keyboard. */}
          <pre tabIndex={0}>{s.code}</pre>
          <p className="muted">{s.caveat}</p>
        </section>
      ))}
    </div>
  );
}
