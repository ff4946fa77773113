/**
 * "Captures": the files in the relay's captures folder (GET /api/captures, one page at a time with
 * "Load more"), and "Open file…".
 */

import { useEffect, useRef, useState } from 'react';
import type { CapturesListResponse } from '../../core/capturesList.ts';
import { formatBytes, formatDateTime } from '../../core/format.ts';
import { openListedCapture, openLocalFile } from '../../lib/sourceActions.ts';
import { useDashboard } from '../../store/index.ts';
import { escapeBidi } from '../../core/displayText.ts';
import { formatCount } from '../../core/spanFormat.ts';

async function fetchPage(cursor?: string): Promise<CapturesListResponse> {
  const res = await fetch(`/api/captures${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the relay answered ${res.status}`);
  return (await res.json()) as CapturesListResponse;
}

/** First and last record beside the dated "modified": the same 24-hour style, the day said once. */
function clock(t: number | undefined): string {
  return t === undefined ? '—' : formatDateTime(t, false);
}

export function CapturesMenu() {
  const [open, setOpen] = useState(false);
  // Under `open FILE` the relay's current capture is that saved file: not live.
  const servedFile = useDashboard((s) => s.relayHello?.mode === 'file');
  const [list, setList] = useState<CapturesListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setError(null);
    fetchPage()
      .then((body) => live && setList(body))
      .catch((err: Error) => live && setError(err.message));
    // Esc closes this menu only, as it does a filter menu: captured and stopped before the page's.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    };
    const onDown = (e: MouseEvent) => {
      if (panel.current && !panel.current.parentElement!.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('mousedown', onDown);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const loadMore = () => {
    if (!list?.next || loadingMore) return;
    setLoadingMore(true);
    fetchPage(list.next)
      .then((page) => setList((prev) => (prev ? { ...page, captures: [...prev.captures, ...page.captures] } : page)))
      .catch((err: Error) => setError(err.message))
      .finally(() => setLoadingMore(false));
  };

  return (
    <>
      <button type="button" data-testid="captures-button" aria-expanded={open} onClick={() => setOpen(!open)} title="Open a saved capture">
        Captures ▾
      </button>
      <button
        type="button"
        data-testid="open-file"
        onClick={() => fileInput.current?.click()}
        title="Open a capture (.ndjson) or HAR file from disk; you can also drop it anywhere on the page"
      >
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".ndjson,.jsonl,.har,.json,application/json"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void openLocalFile(file);
        }}
      />
      {open ? (
        <div className="captures-panel" ref={panel} data-testid="captures-panel" role="dialog" aria-label="Captures">
          <div className="panel-head">
            <strong>Captures</strong>
            <span className="muted">{list?.dir ?? ''}</span>
            <span className="spacer" />
            <button type="button" onClick={() => setOpen(false)} aria-label="Close">
              ×
            </button>
          </div>
          {error ? <p className="muted">Could not list the captures: {error}</p> : null}
          {list && list.captures.length === 0 ? <p className="muted">{list.dir ? 'No captures in this folder yet.' : 'This relay has no captures folder.'}</p> : null}
          {list && list.captures.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>name</th>
                  <th>size</th>
                  <th>modified</th>
                  <th>first</th>
                  <th>last</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.captures.map((c) => (
                  <tr key={c.name} data-testid="capture-item" data-name={c.name}>
                    <td className="name" title={escapeBidi(c.name)}>
                      <div className="name-cell">
                        <span className="name-text">{escapeBidi(c.name)}</span>
                        {c.kind === 'har' ? <span className="muted">HAR</span> : null}
                        {c.current && servedFile ? (
                          <span className="badge-file" data-testid="capture-served" title="The capture `open` serves: saved, it does not grow">
                            open
                          </span>
                        ) : c.current ? (
                          <span className="badge-live" data-testid="capture-live" title="The relay is writing this capture now">
                            ● live
                          </span>
                        ) : null}
                      </div>
                    </td>
                    <td>{formatBytes(c.size)}</td>
                    <td>{formatDateTime(Date.parse(c.modified))}</td>
                    <td>{clock(c.firstT)}</td>
                    <td>{clock(c.lastT)}</td>
                    <td>
                      <button
                        type="button"
                        data-testid="capture-open"
                        onClick={() => {
                          setOpen(false);
                          void openListedCapture(c.name, c);
                        }}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {list?.next ? (
            <p>
              <button type="button" data-testid="captures-more" disabled={loadingMore} onClick={loadMore}>
                {loadingMore ? 'Loading…' : 'Load more'}
              </button>{' '}
              <span className="muted">
                {formatCount(list.captures.length)} of {formatCount(list.total)} shown
              </span>
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
