import { useState } from 'react';
import { copyText } from '../../lib/clipboard.ts';

export function CopyButton({ text, label = 'Copy', testId }: { text: string | (() => string); label?: string; testId?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      data-testid={testId}
      onClick={async () => {
        if (await copyText(typeof text === 'function' ? text() : text)) {
          setDone(true);
          setTimeout(() => setDone(false), 1200);
        }
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}
