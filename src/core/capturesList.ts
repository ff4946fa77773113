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

export interface CapturesListResponse {
  /** The --captures folder, or null when there is none. */
  dir: string | null;
  /** File name of the capture this process shows. */
  current: string | null;
  /** Newest first. */
  captures: CaptureListing[];
}
