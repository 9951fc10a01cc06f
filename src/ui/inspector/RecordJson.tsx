/** The raw record as formatted JSON text (never HTML: a trace is untrusted). */
import { useMemo, useState } from 'react';

const PREVIEW_CHARS = 200_000;

export function RecordJson({ raw }: { raw: Record<string, unknown> }) {
  const text = useMemo(() => JSON.stringify(raw, null, 2), [raw]);
  const [full, setFull] = useState(false);
  const long = text.length > PREVIEW_CHARS && !full;
  return (
    <>
      <pre className="insp-json" data-testid="inspector-json">
        {long ? text.slice(0, PREVIEW_CHARS) : text}
      </pre>
      {long && (
        <button type="button" className="insp-more" onClick={() => setFull(true)}>
          Show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
      <button type="button" className="insp-copy" onClick={() => void navigator.clipboard?.writeText(text)} title="Copy the record as JSON">
        Copy JSON
      </button>
    </>
  );
}
