/** Placeholder: built by the table/inspector/transport work. */
export function Transport() {
  return null;
}
