/** Live-stream controls for the header (connect dialog, status, follow). Filled in by the live work. */
export function LiveControls() {
  return null;
}
