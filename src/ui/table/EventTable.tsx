/** Placeholder: built by the table/inspector/transport work. */
export function EventTable() {
  return null;
}
