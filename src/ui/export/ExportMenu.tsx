/**
 * Export buttons of a view's toolbar: SVG, PNG and (for the ladder) plain text to a file or the
 * clipboard. Builders run on click, so the export is what the view shows at that moment.
 */
import { useState } from 'react';
import { downloadBlob, downloadText, svgToPng } from './download';
import './export.css';

export interface ExportMenuProps {
  /** File name without extension. */
  name: string;
  svg: () => string;
  text?: () => string;
  disabled?: boolean;
}

export function ExportMenu({ name, svg, text, disabled }: ExportMenuProps) {
  const [status, setStatus] = useState<string | null>(null);
  const flash = (message: string) => {
    setStatus(message);
    setTimeout(() => setStatus(null), 2000);
  };
  const run = (what: string, work: () => Promise<void> | void) => async () => {
    try {
      await work();
    } catch (err) {
      flash(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div className="export-menu" role="group" aria-label="Export">
      <span className="export-label">Export</span>
      <button type="button" disabled={disabled} title="Download as SVG (vector)" onClick={run('SVG', () => downloadText(`${name}.svg`, svg(), 'image/svg+xml;charset=utf-8'))}>
        SVG
      </button>
      <button type="button" disabled={disabled} title="Download as PNG (2× resolution)" onClick={run('PNG', async () => downloadBlob(`${name}.png`, await svgToPng(svg())))}>
        PNG
      </button>
      {text && (
        <>
          <button type="button" disabled={disabled} title="Download as plain text for a ticket" onClick={run('Text', () => downloadText(`${name}.txt`, text()))}>
            Text
          </button>
          <button
            type="button"
            disabled={disabled}
            title="Copy the plain-text ladder to the clipboard"
            onClick={run('Copy', async () => {
              await navigator.clipboard.writeText(text());
              flash('Copied');
            })}
          >
            Copy
          </button>
        </>
      )}
      {status && <span className="export-status" role="status">{status}</span>}
    </div>
  );
}
