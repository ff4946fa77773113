/**
 * Layout: header, alerts, the turns insights (summary + waterfall, issue 5), then the timeline with
 * its filters beside the side column (connections, detail).
 */

import { Alerts } from './components/Alerts.tsx';
import { DropZone } from './components/captures/DropZone.tsx';
import { CompareView } from './components/Compare/CompareView.tsx';
import { compareMode } from './components/Compare/compareMode.ts';
import { ConnectionsPanel } from './components/connections/ConnectionsPanel.tsx';
import { DetailPane } from './components/detail/DetailPane.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { FilterBar } from './components/filters/FilterBar.tsx';
import { Header } from './components/Header.tsx';
import { InsightsSlot } from './components/InsightsSlot.tsx';
import { LoadProgress } from './components/LoadProgress.tsx';
import { ReplayBar } from './components/replay/ReplayBar.tsx';
import { Timeline } from './components/timeline/Timeline.tsx';
import { useLoadStateAttributes } from './lib/useLoadStateAttributes.ts';
import { useDashboard } from './store/index.ts';

export function App() {
  const noConnections = useDashboard((s) => s.data.model.connections().length === 0);
  const detailOpen = useDashboard((s) => s.detailOpen);
  useLoadStateAttributes();
  if (compareMode()) return <CompareView />;
  return (
    <div className="app">
      <Header />
      <Alerts />
      <LoadProgress />
      <ReplayBar />
      <DropZone />
      <InsightsSlot />
      <main className="main">
        <div className="timeline-pane">
          <FilterBar />
          {noConnections ? <EmptyState /> : null}
          <Timeline />
        </div>
        <aside className="side">
          <ConnectionsPanel />
          {detailOpen ? <DetailPane /> : <div className="detail empty muted">Select a row (↑/↓, Enter) to see its payload.</div>}
        </aside>
      </main>
    </div>
  );
}
