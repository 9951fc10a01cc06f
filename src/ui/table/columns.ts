/**
 * Column layout of the event table: ids, header titles and default widths. Rows are CSS grids
 * sharing one `grid-template-columns`, so resizing a column moves every cell at once without
 * re-rendering rows. (TanStack Table's row model builds a Row object per record, a million of
 * them for a big trace; the table renders record indexes directly instead.)
 */

export type ColumnId =
  | 'problem'
  | 'index'
  | 'time'
  | 'session'
  | 'name'
  | 'interaction'
  | 'party'
  | 'resource'
  | 'state'
  | 'requestid'
  | 'summary'
  | 'file';

export interface ColumnDef {
  id: ColumnId;
  title: string;
  /** Header tooltip: what the column holds. */
  description: string;
  width: number;
  minWidth: number;
  align?: 'right' | 'center';
  /** Fills the remaining width (at least `width`). */
  flex?: boolean;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'problem', title: '', description: 'Problems found on the record (hover for the messages)', width: 20, minWidth: 20, align: 'center' },
  { id: 'index', title: '#', description: 'Record number in the merged trace', width: 46, minWidth: 30, align: 'right' },
  { id: 'time', title: 'Time', description: 'Record time (UTC); switch absolute / relative / delta above', width: 100, minWidth: 50 },
  { id: 'name', title: 'Event', description: 'Event name (interaction. prefix omitted) or ▶ action, coloured by family', width: 132, minWidth: 60 },
  { id: 'interaction', title: 'Interaction', description: 'interactionid (tointeractionid for merge; the request’s for a result). Click to filter by it', width: 92, minWidth: 40 },
  { id: 'party', title: 'Party', description: 'Party the event is about (partyid, divertingpartyid, activepartyid…)', width: 50, minWidth: 30 },
  { id: 'resource', title: 'Resource', description: 'That party’s resource (focusresource, divertingresource…) or an action’s destination', width: 104, minWidth: 40 },
  { id: 'state', title: 'State', description: 'Party state the event reports; for a request, its result', width: 106, minWidth: 40 },
  { id: 'summary', title: 'Summary', description: 'What the record says, in one line', width: 150, minWidth: 100, flex: true },
  { id: 'requestid', title: 'Req', description: 'requestid pairing an action with its result', width: 50, minWidth: 30 },
  { id: 'session', title: 'Session', description: 'SCXML session that received the event or sent the request', width: 64, minWidth: 30 },
  { id: 'file', title: 'File', description: 'Source file and line (several files are merged by time)', width: 150, minWidth: 60 },
];

/** Columns a narrow table leaves out: the summary carries the same party, resource and state. */
export const COMPACT_HIDDEN: ReadonlySet<ColumnId> = new Set(['party', 'resource', 'state']);
/** Table width under which it goes compact. */
export const COMPACT_BELOW_PX = 860;

/** `grid-template-columns` for the given widths. */
export function gridTemplate(columns: readonly ColumnDef[], widths: Readonly<Record<string, number>>): string {
  return columns.map((c) => (c.flex ? `minmax(${widths[c.id] ?? c.width}px, 1fr)` : `${widths[c.id] ?? c.width}px`)).join(' ');
}

export function totalWidth(columns: readonly ColumnDef[], widths: Readonly<Record<string, number>>): number {
  return columns.reduce((sum, c) => sum + (widths[c.id] ?? c.width), 0);
}
