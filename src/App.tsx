/**
 * Layout: header, alerts, then the work area beside the full-height side column (connections,
 * detail); the work area holds the turns insights (summary + waterfall), the turns table and the
 * frames timeline (with its filters). Each pane is
 * resizable and keeps its size across reloads.
 */

import { useEffect } from 'react';
import { Alerts } from './components/Alerts.tsx';
import { DropZone } from './components/captures/DropZone.tsx';
import { CompareView } from './components/Compare/CompareView.tsx';
import { compareMode } from './components/Compare/compareMode.ts';
import { ConnectionsPanel } from './components/connections/ConnectionsPanel.tsx';
import { DetailPane } from './components/detail/DetailPane.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { FilterBar } from './components/filters/FilterBar.tsx';
import { Header } from './components/Header.tsx';
import { Insights } from './components/Insights.tsx';
import { ReplayBar } from './components/replay/ReplayBar.tsx';
import { Splitter, usePrefSize } from './components/layout/Splitter.tsx';
import { Timeline } from './components/timeline/Timeline.tsx';
import { markUiDrawn } from './lib/uiDrawn.ts';
import { LoadStateAttributes } from './lib/useLoadStateAttributes.ts';
import { useWaterfallChunk } from './components/Waterfall/waterfallChunk.ts';
import { TurnsTable } from './components/turns/TurnsTable.tsx';
import { useDashboard } from './store/index.ts';
import { selectTurnsPending } from './store/turnsSelectors.ts';

/**
 * The connections pane's default height: about two cards, each with its fault menu and reconnect
 * line. The detail below it gets the rest of the side column, which it needs more (a turn's
 * conversation, a payload); the splitter gives room back.
 */
function defaultConnectionsHeight(): number {
  return Math.round(Math.max(140, innerHeight * 0.34));
}

export function App() {
  // An indexed capture still loading has rows but no model yet: not "no connections".
  const noConnections = useDashboard((s) => s.data.model.connections().length === 0 && !selectTurnsPending(s));
  // Only the live view waits for an agent: a replay at its start is not "nothing yet", and its panes
  // keep their size (they would shrink and grow back as the replay's first records arrive).
  const awaitingAgent = useDashboard((s) => s.source.kind === 'live' && s.replay === null) && noConnections;
  const detailOpen = useDashboard((s) => s.detailOpen);
  const replaying = useDashboard((s) => s.replay !== null);
  // Loaded but not read yet, the waterfall would be missing from a page that says it is done (the comparison draws none).
  const waterfallIn = useWaterfallChunk() !== null;
  const viewsReady = waterfallIn || compareMode();
  // The first source's rows beyond its first screen wait for this (src/lib/uiDrawn.ts).
  useEffect(markUiDrawn, []);
  const [insightsH, setInsightsH] = usePrefSize('insightsHeight', Math.round(Math.min(420, Math.max(280, innerHeight * 0.22))));
  const [turnsH, setTurnsH] = usePrefSize('turnsHeight', Math.round(Math.max(100, innerHeight * 0.25)));
  const [connH, setConnH] = usePrefSize('connectionsHeight', defaultConnectionsHeight());
  const [sideW, setSideW] = usePrefSize('sideWidth', Math.round(Math.min(420, Math.max(300, innerWidth * 0.26))));
  if (compareMode()) {
    return (
      <>
        <LoadStateAttributes viewsReady={viewsReady} />
        <CompareView />
      </>
    );
  }
  return (
    <div className={`app${replaying ? ' replaying' : ''}`}>
      <LoadStateAttributes viewsReady={viewsReady} />
      <Header />
      <Alerts />
      <ReplayBar />
      <DropZone />
      <div className="workspace">
        <div className="work">
          {/* Nothing connected yet: the connect instructions need the room more than empty charts. */}
          <Insights height={awaitingAgent ? Math.min(insightsH, 120) : insightsH} />
          <Splitter
            axis="y"
            size={insightsH}
            min={80}
            max={Math.round(innerHeight * 0.7)}
            fallback={Math.round(Math.min(420, Math.max(280, innerHeight * 0.22)))}
            onSize={setInsightsH}
            label="Summary and waterfall height"
            testId="split-insights"
          />
          <main className="main">
            <div className="timeline-pane">
              {/* A replay at its start keeps the lists in place (its turns table says where it is). */}
              {noConnections && !replaying ? null : (
                <>
                  <div className="turns-pane" style={{ height: turnsH }}>
                    <TurnsTable />
                  </div>
                  <Splitter
                    axis="y"
                    size={turnsH}
                    min={60}
                    max={Math.round(innerHeight * 0.7)}
                    fallback={Math.round(Math.max(100, innerHeight * 0.25))}
                    onSize={setTurnsH}
                    label="Turns height"
                    testId="split-turns"
                  />
                </>
              )}
              <FilterBar />
              {noConnections && !replaying ? <EmptyState /> : null}
              <Timeline />
            </div>
          </main>
        </div>
        <Splitter
          axis="x"
          invert
          size={sideW}
          min={240}
          max={Math.round(innerWidth * 0.6)}
          fallback={Math.round(Math.min(420, Math.max(300, innerWidth * 0.26)))}
          onSize={setSideW}
          label="Side column width"
          testId="split-side"
        />
        {/* The side column runs the full height beside the charts and the lists, as a devtools
            detail pane does: a turn's conversation or a payload needs the height more than the charts. */}
        <aside className="side" style={{ flexBasis: sideW }}>
          {/* A fixed height (its handle sets it): connections arriving, or none at a replay's start, never move the detail. */}
          <div className="connections-pane" style={{ height: connH }}>
            <ConnectionsPanel />
          </div>
          <Splitter
            axis="y"
            size={connH}
            min={60}
            max={Math.round(innerHeight * 0.8)}
            fallback={defaultConnectionsHeight()}
            onSize={setConnH}
            label="Connections height"
            testId="split-connections"
          />
          {detailOpen ? <DetailPane /> : <div className="detail empty muted">Select a row (↑/↓, Enter) to see its payload.</div>}
        </aside>
      </div>
    </div>
  );
}
