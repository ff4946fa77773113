/**
 * A collapsible JSON tree. Every value is rendered as React text, never as HTML: captured content
 * is untrusted, and shown with bidi controls escaped. Large arrays and objects show their first
 * entries and a button for the rest; long strings their first characters (LongText).
 */

import { useState } from 'react';
import { escapeBidi } from '../../core/displayText.ts';
import { LongText } from '../common/LongText.tsx';

const PAGE = 100;
/** A string value in the tree shows this much until asked (the Raw tab shows more). */
const STRING_PREVIEW_CHARS = 2_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json-tree" role="tree" data-testid="json-tree">
      <JsonNode name={null} value={value as Json} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: Json; depth: number }) {
  const [open, setOpen] = useState(depth < 3);
  const [shown, setShown] = useState(PAGE);
  const key = name !== null ? <span className="j-key">{escapeBidi(name)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="j-leaf" role="treeitem">
        {key}
        <Scalar value={value} />
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
      <button type="button" className="j-toggle" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      {openMark}
      {open ? null : <span className="j-count">{` ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} `}</span>}
      {open ? (
        <div className="j-children" role="group">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} />
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

function Scalar({ value }: { value: null | boolean | number | string }) {
  if (typeof value === 'string') return <span className="j-string"><LongText text={JSON.stringify(value)} limit={STRING_PREVIEW_CHARS} /></span>;
  if (typeof value === 'number') return <span className="j-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  return <span className="j-null">null</span>;
}
