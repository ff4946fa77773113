/**
 * `/?open=NAME` opens a capture of the relay's captures folder once the page is connected (the
 * comparison view links to each side this way). The relay checks NAME against its folder listing.
 */

import { useDashboard } from '../store/index.ts';
import { openListedCapture } from './sourceActions.ts';

export function openFromUrl(): void {
  const name = new URLSearchParams(window.location.search).get('open');
  if (!name) return;
  // After the relay's hello: opening a capture keeps the relay's own view to come back to.
  if (useDashboard.getState().hello) return void openListedCapture(name);
  const unsubscribe = useDashboard.subscribe((s) => {
    if (!s.hello) return;
    unsubscribe();
    void openListedCapture(name);
  });
}
