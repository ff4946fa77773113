/** Row height in px: fixed, so the virtual list never re-measures and the scroll never jumps. */
export const ROW_HEIGHT = 20;
