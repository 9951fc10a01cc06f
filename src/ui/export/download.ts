/**
 * Saving exports: text and SVG as files, PNG by drawing the SVG onto a canvas. The SVG is built
 * from text only (no foreignObject, no external images), so the canvas is never tainted.
 */

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(name: string, text: string, type = 'text/plain;charset=utf-8'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Width and height of an SVG document from its root attributes. */
function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 800, height: 600 };
}

/** Rasterizes an SVG document at `scale` (2 for crisp pictures in tickets). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    // Browsers cap canvas area; keep big timelines within it by lowering the scale.
    const maxSide = 16_384;
    const s = Math.min(scale, maxSide / width, maxSide / height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(width * s));
    canvas.height = Math.max(1, Math.floor(height * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2D context unavailable');
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name stem from the view and the interactions shown, safe on every OS. */
export function exportName(view: string, ids: readonly string[]): string {
  const what = ids.length === 0 ? 'trace' : ids.length <= 2 ? ids.join('+') : `${ids[0]}+${ids.length - 1}more`;
  return `ixnscope-${view}-${what}`.replace(/[^A-Za-z0-9._+-]+/g, '_').slice(0, 120);
}
