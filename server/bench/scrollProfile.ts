/**
 * Profiler for the dashboard scroll figure (not part of `npm run bench`, which it mirrors: same
 * capture generator, `open FILE`, 1500x950, 400 px per animation frame for 3 s). The last run is
 * traced over CDP and reports self time per trace event on the renderer, compositor and display
 * threads, and the layout roots, so a slow frame can be attributed (paint, layout, script...).
 *   node --import tsx server/bench/scrollProfile.ts [records=100000] [css to inject, for experiments]
 * Env: RUNS (default 2), STEP (px per frame, default 400: what a small step costs is the frame's fixed part), NOTRACE=1, CPUPROF=1 (JS self time), LAYERS=1 (composited layers and why),
 * SHOT=/tmp/x.png (screenshots, one with a bar hovered). The raw trace is left in /tmp/scroll-trace.json.
 * Tracing costs frames: compare fps between untraced runs only, and interleave A/B runs (shared machine).
 * The traced run also prints each thread's CPU time per frame, the steadier figure under load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { frameStats, launch, SCROLL_SCRIPT, untilLoaded } from './dashboardBench.ts';
import { makeCapture } from './makeCapture.ts';

const records = Number(process.argv[2] ?? 100_000);
const css = process.argv[3] ?? '';
const runs = Number(process.env.RUNS ?? 2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-prof-'));
const file = path.join(dir, 'capture.ndjson');
await makeCapture(file, records);
const child = spawn(process.execPath, [path.join(ROOT, 'server/bin/responses-inspector.mjs'), 'open', file, '--port', '0', '--no-open'], { cwd: ROOT });
const url = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c;
    const m = /^dashboard: (\S+)$/m.exec(out);
    if (m) resolve(m[1]);
  });
});
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(url);
  await untilLoaded(page, records);
  await page.waitForTimeout(500);
  if (process.env.SHOT) {
    await page.evaluate(`document.querySelector('[data-testid="timeline-scroll"]').scrollTop = 2010`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: process.env.SHOT });
    await page.locator('[data-testid=wf-bar]').last().hover({ force: true });
    await page.waitForTimeout(200);
    await page.screenshot({ path: process.env.SHOT.replace('.png', '-hover.png') });
  }
  if (css) await page.addStyleTag({ content: css });
  if (process.env.LAYERS) {
    const cdp = await page.context().newCDPSession(page);
    let layers: any[] = [];
    cdp.on('LayerTree.layerTreeDidChange', (e: any) => {
      if (e.layers) layers = e.layers;
    });
    await cdp.send('DOM.getDocument', { depth: -1 });
    await cdp.send('LayerTree.enable');
    await page.evaluate(`document.querySelector('[data-testid="timeline-scroll"]').scrollTop += 400`);
    (globalThis as any).dumpLayers = async () => {
      console.log('layers', layers.length);
      for (const l of layers) {
        const why = (await cdp.send('LayerTree.compositingReasons', { layerId: l.layerId }).catch(() => ({ compositingReasonIds: [] }))) as any;
        let node = '';
        if (l.backendNodeId) {
          const d = (await cdp.send('DOM.describeNode', { backendNodeId: l.backendNodeId }).catch(() => null)) as any;
          if (d) node = `${d.node.nodeName}.${(d.node.attributes ?? []).join(' ').slice(0, 60)}`;
        }
        console.log(`layer ${l.layerId} ${l.width}x${l.height} draws=${l.drawsContent} ${node} ${why.compositingReasonIds?.join(',')}`);
      }
    };
  }
  for (let r = 0; r < runs; r++) {
    const cdp = await page.context().newCDPSession(page);
    const events: any[] = [];
    cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
    const done = new Promise<void>((res) => cdp.once('Tracing.tracingComplete', () => res()));
    const trace = r === runs - 1 && !process.env.NOTRACE;
    if (trace)
      await cdp.send('Tracing.start', {
        categories: `devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,viz,v8.execute${process.env.INVAL ? ',disabled-by-default-devtools.timeline.invalidationTracking' : ''}`,
        transferMode: 'ReportEvents',
      } as any);
    if (process.env.CPUPROF) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const frames = (await page.evaluate(SCROLL_SCRIPT.replace('+= 400', `+= ${process.env.STEP ?? 400}`))) as number[];
    if (process.env.CPUPROF) {
      const { profile } = (await cdp.send('Profiler.stop')) as any;
      const dt = new Map<number, number>();
      for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + profile.timeDeltas[i]);
      const self = new Map<string, number>();
      for (const n of profile.nodes) {
        const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
        self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0));
      }
      console.log(
        [...self]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `    ${(v / 1000).toFixed(0)}ms ${k}`)
          .join('\n'),
      );
      writeFileSync('/tmp/scroll.cpuprofile', JSON.stringify(profile));
    }
    if (trace) {
      await cdp.send('Tracing.end');
      await done;
    }
    const f = frameStats(frames);
    console.log(
      `run ${r}: ${f.fps.toFixed(1)} fps, p95 ${f.p95FrameMs.toFixed(1)} ms, missed a vsync ${f.missedPct.toFixed(0)}%, max ${f.maxFrameMs.toFixed(1)} ms, frames ${f.frames}, load ${os.loadavg()[0].toFixed(1)}`,
    );
    if ((globalThis as any).dumpLayers) await (globalThis as any).dumpLayers();
    if (!trace) continue;
    const lay = events.filter((e) => e.name === 'Layout' && e.ph === 'X');
    console.log(
      `  Layout: ${lay.length}, partial ${lay.filter((e) => e.args?.beginData?.partialLayout).length}, mean ${(lay.reduce((a, e) => a + e.dur, 0) / lay.length / 1000).toFixed(2)} ms, objects ${lay[3]?.args?.beginData?.totalObjects}`,
    );
    writeFileSync('/tmp/scroll-trace.json', JSON.stringify({ traceEvents: events }));
    // Self time per event name and thread (complete events only; nested events subtract from parents).
    const threads = new Map<string, string>();
    for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    const byThread = new Map<string, any[]>();
    for (const e of events) {
      if (e.ph !== 'X' || e.dur === undefined) continue;
      const k = `${e.pid}:${e.tid}`;
      (byThread.get(k) ?? byThread.set(k, []).get(k)!).push(e);
    }
    for (const [k, evs] of byThread) {
      const name = threads.get(k) ?? k;
      if (!/CrRendererMain|Compositor|VizCompositor|CrGpuMain|Raster/.test(name)) continue;
      evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      const self = new Map<string, number>();
      const stack: any[] = [];
      // CPU time of the thread's outermost tasks (tdur: thread time, not wall): what a frame costs,
      // much less sensitive than fps to the other processes sharing the CPU.
      let cpu = 0;
      for (const e of evs) {
        while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
        if (!stack.length) cpu += e.tdur ?? e.dur;
        if (stack.length) self.set(stack[stack.length - 1].name, (self.get(stack[stack.length - 1].name) ?? 0) - e.dur);
        self.set(e.name, (self.get(e.name) ?? 0) + e.dur);
        stack.push(e);
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 18);
      if (name === 'CrRendererMain') {
        // Inclusive thread time per frame of the phases a scroll frame goes through (nested
        // phases count in their parents too: the scroll event's handlers include a forced layout).
        const incl = new Map<string, number>();
        for (const e of evs) incl.set(e.name, (incl.get(e.name) ?? 0) + (e.tdur ?? e.dur));
        const phase = (n: string) => ((incl.get(n) ?? 0) / 1000 / frames.length).toFixed(2);
        console.log(
          `  ${name} per frame: scroll event ${phase('EventDispatch')} (forced style+layout ${phase('Document::UpdateStyleAndLayout')}), style ${phase('UpdateLayoutTree')}, layout ${phase('Layout')}, paint ${phase('Paint')}, prepaint ${phase('PrePaint')}, layerize ${phase('Layerize')}, GC ${phase('V8.GC_SCAVENGER')} ms`,
        );
      }
      console.log(`  ${name}: CPU ${(cpu / 1000 / frames.length).toFixed(2)} ms per frame`);
      console.log(`  ${name}: ${top.map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}ms`).join(', ')}`);
    }
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
