/**
 * A collapsible JSON tree. Every value is rendered as React text, never as HTML: captured content
 * is untrusted. Large arrays and objects show their first entries and a button for the rest.
 */

import { useState } from 'react';

const PAGE = 100;

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
  const key = name !== null ? <span className="j-key">{name}: </span> : null;
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
  if (typeof value === 'string') return <span className="j-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="j-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  return <span className="j-null">null</span>;
}
