/**
 * The dashboard's export buttons. The relay's own capture, unfiltered or filtered on what
 * the server understands, is streamed by GET /api/export; anything else (a dropped or listed file,
 * a replay, a filter with a text search or lanes) is built here from the records the page holds,
 * with the same core builders, so both give the same document. A capture the CLI indexed is
 * exported by the CLI (its records are not on the page). Secrets are masked (the builders'
 * default); credential headers are always redacted.
 */

import { fileName } from '../core/fileName.ts';
import type { ExportFilter } from '../core/export/filter.ts';
import { buildHar } from '../core/export/har.ts';
import { buildJsonExport } from '../core/export/json.ts';
import { apiExportUrl, exportFileName, exportFilterOf, exportWhere, indexExportMisses, visibleRecords, type ExportFormat, type ExportScope } from '../core/exportPlan.ts';
import { compileFilter, isFilterActive } from '../core/filters.ts';
import { useDashboard } from '../store/index.ts';
import { downloadText, downloadUrl } from './download.ts';

export async function runExport(format: ExportFormat, scope: ExportScope): Promise<void> {
  const s = useDashboard.getState();
  const serverSource = s.source.kind === 'live' && !s.replay;
  const sourceName = s.source.kind === 'file' ? s.source.name : (s.relayHello?.captureFile ?? 'capture');
  const name = exportFileName(sourceName, format, scope);
  const index = s.data.index;
  if (index) {
    // An indexed capture's records are with the CLI, so it exports them, with the filters it applies.
    const misses = scope === 'filtered' && isFilterActive(s.filter) ? indexExportMisses(s.filter) : [];
    if (misses.length > 0) {
      s.addAlert(
        'warning',
        `This capture is indexed by the CLI, which exports it filtered by connection, span of turns, event type, direction and search: ${misses.join(' and ')} ${misses.length === 1 ? 'is' : 'are'} not applied to the download.`,
      );
    }
    return downloadUrl(apiExportUrl(format, scope, s.filter, index.file ?? undefined), name);
  }
  if (exportWhere({ scope, filter: s.filter, serverSource }) === 'server') {
    return downloadUrl(apiExportUrl(format, scope, s.filter), name);
  }
  const tl = s.data.timeline;
  let filter: ExportFilter | undefined;
  if (scope === 'filtered' && isFilterActive(s.filter)) {
    const shown = visibleRecords(tl, s.view, compileFilter(s.filter).search);
    const ef = exportFilterOf(s.filter);
    // The shown records decide the events; conns and turns also narrow the connection and turn lists.
    filter = { keep: (rec) => shown.has(rec) };
    if (s.filter.search !== '') filter.search = { q: s.filter.search, regex: s.filter.regex };
    if (ef.conns) filter.conns = ef.conns;
    if (ef.turns) filter.turns = ef.turns;
  }
  const tool = s.relayHello?.tool;
  const records = tl.records ?? [];
  const text = format === 'json' ? buildJsonExport(records, { filter, source: fileName(sourceName), tool }) : buildHar(records, { filter, tool });
  downloadText(name, text);
}
