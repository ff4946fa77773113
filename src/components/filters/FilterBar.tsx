/** The timeline's filter row: multi-selects, search, and the visible/total counts. */

import { useMemo } from 'react';
import { DEFAULT_LANE, isFilterActive, type DirFilter } from '../../core/filters.ts';
import { formatCount } from '../../core/spanFormat.ts';
import { useDashboard } from '../../store/index.ts';
import { MultiSelect } from './MultiSelect.tsx';
import { SearchBox } from './SearchBox.tsx';

const DIRS: DirFilter[] = ['send', 'receive', 'meta'];

export function FilterBar() {
  const filter = useDashboard((s) => s.filter);
  const timeline = useDashboard((s) => s.data.timeline);
  useDashboard((s) => s.dataVersion); // option lists grow with the data
  const visible = useDashboard((s) => s.view.shownRows);
  useDashboard((s) => s.viewVersion);
  const setFilter = useDashboard((s) => s.setFilter);
  const clearFilters = useDashboard((s) => s.clearFilters);
  const opening = useDashboard((s) => s.loadingFile !== null && s.data.timeline.recordCount === 0);
  // Rebuilt only when a turn is added, not on every batch of records.
  const turns = useMemo(() => Array.from({ length: timeline.maxTurn }, (_, i) => i + 1), [timeline.maxTurn]);

  return (
    <div className="filter-bar" role="toolbar" aria-label="Timeline filters">
      <MultiSelect label="dir" testId="filter-dir" options={DIRS} selected={filter.dirs} onChange={(dirs) => setFilter({ dirs })} />
      <MultiSelect label="conn" testId="filter-conn" options={timeline.conns} selected={filter.conns} onChange={(conns) => setFilter({ conns })} />
      <MultiSelect label="lane" testId="filter-lane" options={[DEFAULT_LANE, ...timeline.lanes]} selected={filter.lanes} onChange={(lanes) => setFilter({ lanes })} />
      <MultiSelect label="turn" testId="filter-turn" options={turns} selected={filter.turns} render={(n) => `#${n}`} onChange={(t) => setFilter({ turns: t })} />
      <MultiSelect label="event" testId="filter-type" options={timeline.types} selected={filter.types} onChange={(types) => setFilter({ types })} />
      <SearchBox />
      {/* A slot of fixed width: the bar's layout never changes with the filters (nothing moves). */}
      <span className="clear-slot">
        {isFilterActive(filter) ? (
          <button type="button" onClick={clearFilters} data-testid="clear-filters" title="Clear all filters (Esc)">
            clear
          </button>
        ) : null}
      </span>
      <span
        className="row-count"
        data-testid="row-count"
        title={`${formatCount(visible)} of ${formatCount(timeline.rows.length)} rows shown · ${formatCount(timeline.recordCount)} records`}
      >
        {/* "shown / all" only when a filter hides rows (while a capture loads, the list can be a batch
            behind the rows read: that is not a filter); the bar is narrow at 1280 px, and a million
            records' counts are long: the records part gives way first (app.css). */}
        {opening ? (
          // A capture being opened before its first rows: not an empty one.
          'reading…'
        ) : (
          <>
            {isFilterActive(filter) ? `${formatCount(visible)} / ` : ''}
            {formatCount(timeline.rows.length)} rows<span className="row-count-records"> · {formatCount(timeline.recordCount)} records</span>
          </>
        )}
      </span>
    </div>
  );
}
