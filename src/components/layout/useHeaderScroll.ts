import { useEffect, useRef, type RefObject } from 'react';

/** The rows' side padding (`.tl-line`, `.t-line`): the header adds the body's scrollbar to its right one. */
const ROW_PADDING_PX = 8;

/**
 * A table's header row follows its body's horizontal scroll: the header sits outside the scroll box
 * (it stays put while the rows scroll down) and clips its overflow, so a list wider than its pane
 * scrolls sideways with its column names above the right cells. Its right padding matches the
 * body's vertical scrollbar (its width differs between systems), so its columns line up.
 */
export function useHeaderScroll(scrollRef: RefObject<HTMLElement | null>): RefObject<HTMLDivElement | null> {
  const head = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const body = scrollRef.current;
    if (!body) return;
    const sync = () => {
      if (head.current) head.current.scrollLeft = body.scrollLeft;
    };
    const fit = () => {
      if (head.current) head.current.style.paddingRight = `${ROW_PADDING_PX + body.offsetWidth - body.clientWidth}px`;
      sync();
    };
    fit();
    body.addEventListener('scroll', sync, { passive: true });
    // A scrollbar appearing narrows the body's content box: observed as a resize.
    const ro = new ResizeObserver(fit);
    ro.observe(body);
    return () => {
      body.removeEventListener('scroll', sync);
      ro.disconnect();
    };
  }, [scrollRef]);
  return head;
}
