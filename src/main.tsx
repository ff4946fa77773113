import { loadWaterfall } from './components/Waterfall/waterfallChunk.ts';
import { openFromUrl } from './lib/openFromUrl.ts';
import { start } from './lib/sourceActions.ts';
import './styles/app.css';

// The first source (the relay's feed, or the capture `open FILE` shows through its index), started
// before the UI's code is even read (mountApp.tsx): the hello, and the index an `open FILE` asks
// for, travel while the dashboard's code loads and renders.
void start();
openFromUrl();

// Both chunks are fetched now, before a large index streams from the same CLI, and parsed off the
// main thread; the waterfall's runs after the UI's (it imports from it), and the first rows are
// drawn without it.
loadWaterfall();
import('./mountApp.tsx').catch((err: unknown) => {
  // A chunk that cannot load (the CLI stopped, a stale tab after an upgrade): say so, not a blank page.
  const root = document.getElementById('root');
  if (root) root.textContent = `The dashboard could not load (${(err as Error)?.message ?? String(err)}). Reload the page.`;
});
