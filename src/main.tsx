import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { openFromUrl } from './lib/openFromUrl.ts';
import { goLive } from './lib/sourceActions.ts';
import './styles/app.css';

// The relay's feed, as a source the captures menu can switch away from and back to.
goLive();
openFromUrl();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
