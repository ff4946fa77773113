/**
 * A collapsible JSON tree. Every value is rendered as React text, never as HTML: captured content
 * is untrusted, and shown with bidi controls escaped. Large arrays and objects show their first
 * entries and a button for the rest; long strings their first characters (LongText).
 */

import { useMemo, useState } from 'react';
import { Highlighted, useHighlighter } from '../common/Highlighted.tsx';
import { LongText } from '../common/LongText.tsx';

const PAGE = 100;
/** A string value in the tree shows this much until asked (the Raw tab shows more). */
const STRING_PREVIEW_CHARS = 2_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The search's matches are marked in keys and values, and a folded node holding one opens. */
export function JsonTree({ value }: { value: unknown }) {
  const re = useHighlighter();
  return (
    <div className="json-tree" role="tree" data-testid="json-tree">
      <JsonNode name={null} value={value as Json} depth={0} re={re} />
    </div>
  );
}

/** Whether the search matches anywhere in `value` (its keys or values, as the tree shows them). */
function holdsMatch(value: Json, re: RegExp): boolean {
  re.lastIndex = 0;
  const hit = re.test(JSON.stringify(value));
  re.lastIndex = 0;
  return hit;
}

function JsonNode({ name, value, depth, re }: { name: string | null; value: Json; depth: number; re: RegExp | null }) {
  // Unset until the user folds or unfolds it: the first levels open, and any node holding a match.
  const [toggled, setToggled] = useState<boolean | null>(null);
  const [shown, setShown] = useState(PAGE);
  const container = value !== null && typeof value === 'object';
  const matched = useMemo(() => container && re !== null && depth >= 3 && holdsMatch(value, re), [container, value, re, depth]);
  const open = toggled ?? (depth < 3 || matched);
  const key =
    name !== null ? (
      <span className="j-key">
        <Highlighted text={name} re={re} />:{' '}
      </span>
    ) : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="j-leaf" role="treeitem">
        {key}
        <Scalar value={value} re={re} />
      </div>
    );
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  // Nothing to fold: an empty container reads on one line, as a leaf.
  if (entries.length === 0) {
    return (
      <div className="j-leaf" role="treeitem">
        {key}
        <span className="j-null">{openMark + closeMark}</span>
      </div>
    );
  }
  return (
    <div className="j-node" role="treeitem" aria-expanded={open}>
      <button type="button" className="j-toggle" onClick={() => setToggled(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      {openMark}
      {open ? null : <span className="j-count">{` ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} `}</span>}
      {open ? (
        <div className="j-children" role="group">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} re={re} />
          ))}
          {entries.length > shown ? (
            <button type="button" className="j-more" onClick={() => setShown(shown + PAGE)}>
              … {entries.length - shown} more
            </button>
          ) : null}
        </div>
      ) : null}
      {closeMark}
    </div>
  );
}

function Scalar({ value, re }: { value: null | boolean | number | string; re: RegExp | null }) {
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    // A string of a size to lay out whole shows its matches; a longer one pages (LongText), unmarked.
    return (
      <span className="j-string">{re && text.length <= STRING_PREVIEW_CHARS ? <Highlighted text={text} re={re} /> : <LongText text={text} limit={STRING_PREVIEW_CHARS} />}</span>
    );
  }
  if (typeof value === 'number')
    return (
      <span className="j-number">
        <Highlighted text={String(value)} re={re} />
      </span>
    );
  if (typeof value === 'boolean')
    return (
      <span className="j-bool">
        <Highlighted text={String(value)} re={re} />
      </span>
    );
  return <span className="j-null">null</span>;
}
