/**
 * The dashboard's React tree, rendered into #root. A chunk of its own (main.tsx imports it after the
 * feed has started): evaluating React DOM, the components and the charts, and the first render, take
 * the main thread for hundreds of milliseconds, and the feed's worker, its hello and the capture's
 * index request each need the main thread for a moment to start.
 */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
