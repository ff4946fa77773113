/**
 * A drag from a pointerdown on `el`: the pointer is captured, so the drag goes on wherever the
 * pointer moves, and `onMove` gets the distance from the start on each move until it is released.
 */
export function startPointerDrag(el: HTMLElement, down: { pointerId: number; clientX: number; clientY: number }, onMove: (dx: number, dy: number) => void): void {
  el.setPointerCapture(down.pointerId);
  const move = (ev: PointerEvent) => onMove(ev.clientX - down.clientX, ev.clientY - down.clientY);
  const up = () => {
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
    el.removeEventListener('pointercancel', up);
  };
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', up);
}
