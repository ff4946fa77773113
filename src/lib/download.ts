/**
 * Saves an export as a file: a Blob behind an object URL, clicked through a temporary
 * link. Server exports are fetched first (the dashboard cookie goes along), so a refused request
 * becomes a message instead of a saved error page.
 */

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; give it a moment before letting go of it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadText(name: string, text: string | string[], type = 'application/json'): void {
  downloadBlob(name, new Blob(Array.isArray(text) ? text : [text], { type }));
}

/** GET `url` and save the body under the server's file name (Content-Disposition) or `fallback`. */
export async function downloadUrl(url: string, fallback: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    let reason = `${res.status}`;
    try {
      reason = ((await res.json()) as { error?: string }).error ?? reason;
    } catch {
      // not JSON: the status says enough
    }
    throw new Error(`export refused: ${reason}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  downloadBlob(name, await res.blob());
}
