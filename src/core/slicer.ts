/**
 * Time slices for a long loop that shares its thread: the returned function gives a promise to
 * await once `sliceMs` of work has run since the last pause (`pause()` decides how the thread is
 * given back), and nothing otherwise, so a loop asks at every step and costs a task only per slice.
 * `now` is the caller's clock (`performance.now` where there is one).
 */
export function slicer(sliceMs: number, pause: () => Promise<unknown>, now: () => number): () => Promise<void> | undefined {
  let since = now();
  return () => {
    if (now() - since < sliceMs) return undefined;
    return pause().then(() => {
      since = now();
    });
  };
}
