/**
 * Time slices for a long loop that shares its thread: the returned function gives a promise to
 * await once `sliceMs` of work has run since the last pause (`pause()` decides how the thread is
 * given back), and nothing otherwise, so a loop asks at every step and costs a task only per slice.
 */
export function slicer(sliceMs: number, pause: () => Promise<unknown>): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return pause().then(() => {
      since = performance.now();
    });
  };
}
