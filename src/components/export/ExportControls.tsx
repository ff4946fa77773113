/** Export JSON / Export HAR, of the filtered view or of everything. Secrets are masked. */

import { useState } from 'react';
import type { ExportFormat, ExportScope } from '../../core/exportPlan.ts';
import { runExport } from '../../lib/exporter.ts';
import { useDashboard } from '../../store/index.ts';

export function ExportControls() {
  const [scope, setScope] = useState<ExportScope>('filtered');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const addAlert = useDashboard((s) => s.addAlert);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await runExport(format, scope);
    } catch (err) {
      addAlert('error', `Export failed: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="export-controls" role="group" aria-label="Export">
      <select
        data-testid="export-scope"
        value={scope}
        onChange={(e) => setScope(e.currentTarget.value as ExportScope)}
        aria-label="What to export"
        title="Export the rows the filters and search show, or the whole capture"
      >
        <option value="filtered">rows shown</option>
        <option value="all">whole capture</option>
      </select>
      <button
        type="button"
        data-testid="export-json"
        aria-label="Export JSON"
        disabled={busy !== null}
        aria-busy={busy === 'json'}
        onClick={() => void run('json')}
        title="The timeline as JSON (responses-inspector.timeline v1); key-shaped strings masked"
      >
        {busy === 'json' ? (
          <>
            <span className="wide-only">Exporting </span>
            JSON…
          </>
        ) : (
          <>
            <span className="wide-only">Export </span>
            JSON
          </>
        )}
      </button>
      <button
        type="button"
        data-testid="export-har"
        aria-label="Export HAR"
        disabled={busy !== null}
        aria-busy={busy === 'har'}
        onClick={() => void run('har')}
        title="HAR 1.2 with _webSocketMessages (opens in Chrome DevTools); key-shaped strings masked"
      >
        {busy === 'har' ? (
          <>
            <span className="wide-only">Exporting </span>
            HAR…
          </>
        ) : (
          <>
            <span className="wide-only">Export </span>
            HAR
          </>
        )}
      </button>
    </span>
  );
}
