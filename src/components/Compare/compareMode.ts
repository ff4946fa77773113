/** The dashboard shows the comparison view when opened with `?compare=1` (demo --compare, compare --ui). */
export function compareMode(): boolean {
  return new URLSearchParams(window.location.search).has('compare');
}
