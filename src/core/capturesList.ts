/** GET /api/captures (server/captures/api.ts), as the relay sends it and the dashboard reads it. */

export interface CaptureListing {
  name: string;
  kind: 'capture' | 'har';
  size: number;
  /** Last modification, ISO 8601. */
  modified: string;
  /** Epoch ms of the first and last records (captures only; absent when unreadable). */
  firstT?: number;
  lastT?: number;
  /** The capture the running relay is writing. */
  current?: boolean;
}

/** One page of the listing: `GET /api/captures?limit=N[&cursor=NEXT]`. */
export interface CapturesPage {
  /** Newest first. */
  captures: CaptureListing[];
  /** Files listed in the folder in all. */
  total: number;
  /** Pass as `cursor` for the next page; absent on the last page. */
  next?: string;
}

export interface CapturesListResponse extends CapturesPage {
  /** The --captures folder, or null when there is none. */
  dir: string | null;
  /** File name of the capture this process shows. */
  current: string | null;
}
