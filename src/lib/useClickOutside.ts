import { useEffect, type RefObject } from 'react';

/** While `open`, a mouse press outside `ref`'s element calls `onOutside` (closing a menu or popover). */
export function useClickOutside(ref: RefObject<HTMLElement | null>, open: boolean, onOutside: () => void): void {
  useEffect(() => {
    if (!open) return;
    const down = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onOutside();
    };
    document.addEventListener('mousedown', down);
    return () => document.removeEventListener('mousedown', down);
  }, [ref, open, onOutside]);
}
