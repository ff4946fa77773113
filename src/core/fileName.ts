/**
 * A capture path's last part, as the dashboard names a capture (header, badges, export names). The
 * path comes from the CLI, which may run on Windows: both separators end a folder.
 */
export function fileName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}
