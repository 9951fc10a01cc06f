/** Placeholder: built by the table/inspector/transport work. */
export function Inspector() {
  return null;
}
