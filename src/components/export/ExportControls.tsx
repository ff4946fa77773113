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
      <ExportButton format="json" busy={busy} onClick={(f) => void run(f)} title="The timeline as JSON (responses-inspector.timeline v1); key-shaped strings masked" />
      <ExportButton format="har" busy={busy} onClick={(f) => void run(f)} title="HAR 1.2 with _webSocketMessages (opens in Chrome DevTools); key-shaped strings masked" />
    </span>
  );
}

/** One format's button: says it is exporting while its download is built (a large capture takes seconds). */
function ExportButton({ format, busy, onClick, title }: { format: ExportFormat; busy: ExportFormat | null; onClick(format: ExportFormat): void; title: string }) {
  const label = format.toUpperCase();
  const working = busy === format;
  return (
    <button
      type="button"
      data-testid={`export-${format}`}
      aria-label={`Export ${label}`}
      disabled={busy !== null}
      aria-busy={working}
      onClick={() => onClick(format)}
      title={title}
    >
      <span className="wide-only">{working ? 'Exporting ' : 'Export '}</span>
      {working ? `${label}…` : label}
    </button>
  );
}
