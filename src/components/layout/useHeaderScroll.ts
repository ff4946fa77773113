import { useEffect, useRef, type RefObject } from 'react';

/**
 * A table's header row follows its body's horizontal scroll: the header sits outside the scroll box
 * (it stays put while the rows scroll down) and clips its overflow, so a list wider than its pane
 * scrolls sideways with its column names above the right cells.
 */
export function useHeaderScroll(scrollRef: RefObject<HTMLElement | null>): RefObject<HTMLDivElement | null> {
  const head = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const body = scrollRef.current;
    if (!body) return;
    const sync = () => {
      if (head.current) head.current.scrollLeft = body.scrollLeft;
    };
    body.addEventListener('scroll', sync, { passive: true });
    return () => body.removeEventListener('scroll', sync);
  }, [scrollRef]);
  return head;
}
