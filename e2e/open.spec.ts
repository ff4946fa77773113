/** The dashboard on a saved capture (`open FILE`): the same views as live, from the file. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-open-')), 'sample.ndjson');
writeSampleCapture(file);
test.use({ cli: ['open', file] });

test('a reopened capture shows its rows, folded deltas, turn output and the reconnect', async ({ dashboard: page }) => {
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toBeVisible();
  // A saved file does not grow: no tail to follow, no Pause.
  await expect(page.getByTestId('feed-status')).toContainText('file');
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('follow-state')).toHaveCount(0);
  // Folded deltas: one row with its count, expandable into each delta.
  const fold = page.getByTestId('fold-toggle').first();
  await expect(fold).toContainText('×');
  await fold.click();
  await expect(page.getByTestId('timeline-member').first()).toBeVisible();
  // The reconnect and the lost cache are marked on the timeline and in the connections panel.
  await expect(page.getByTestId('row-badge').filter({ hasText: 'reconnect ← c1' })).toBeVisible();
  await expect(page.getByTestId('row-badge').filter({ hasText: 'cache lost after reconnect' })).toBeVisible();
  await expect(page.locator('[data-testid=connection-card][data-conn=c2] [data-testid=connection-replaces]')).toContainText('c1');
  // The detail of the final completed response shows the JSON and the turn's assembled output.
  await rows.filter({ hasText: 'response.completed' }).last().click();
  await expect(page.getByTestId('json-tree')).toContainText('"completed"');
  await expect(page.getByTestId('turn-output')).not.toBeEmpty();
  await page.screenshot({ path: test.info().outputPath('open-capture.png') });
  // Replayed from its start: a replay's empty state, nothing live (no Pause, the way back names the file).
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('empty-state')).toContainText('Replay at its start');
  await expect(page.getByTestId('snippet-python')).toHaveCount(0);
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('follow-state')).toHaveCount(0);
  await expect(page.getByTestId('back-to-live')).toHaveText('⟲ Back to sample.ndjson');
});
