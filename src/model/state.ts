/**
 * The reconstructed trace: interactions, parties, links and requests (trace-format.md section 2).
 *
 * Every history entry is stamped with the index of the record that made it, so the state after
 * any record index is a view of the final state (see `timeTravel.ts`): time travel costs a binary
 * search per history, never a copy of the state.
 *
 * The histories live in columns (`Histories`): a party's states, an interaction's lifecycle, user
 * data and media logs and its record list are entries of typed-array columns, and a stamp is the
 * index of its record, whose time is in a column too. `Party` and `Interaction` read them back as
 * the lists and stamps of these interfaces, built when read: keep what a getter returns rather
 * than reading it again in a loop. Requests and links read their times from that column too, and
 * a session's hold on an interaction is a few bits: no small object the collector must copy
 * beyond the parties, interactions, requests and links themselves.
 */
import { Int32Column, Lists, Names, TimeColumn } from './columns';
import type { Diagnostic } from './types';

/**
 * When something happened: the record's time (epoch ms, null when unknown) and its index. Stamps
 * are shared (a party's `added` or `deleted` may be the state entry the same record made): never
 * change one in place.
 */
export interface Stamp {
  at: number | null;
  index: number;
}

/** One entry of a party's state history (`partystate` of the event that set it). */
export interface PartyStateEntry extends Stamp {
  state: string;
}

/** A party of `_genesys.ixn.interactions[id].parties[]`. */
export interface Party {
  /** `partyid` */
  readonly partyid: string;
  /** `focusresource`: the device id of the party. */
  readonly focusresource: string | null;
  /** Index of the record that told `focusresource` (it may come after the party's first event). */
  readonly focusIndex: number;
  /** `partyadded` (or the added party of `onsinglestepconference`); null when known from `interaction.added` or created implicitly. */
  readonly added: Stamp | null;
  /** First `partydeleted`. */
  readonly deleted: Stamp | null;
  /** Created because an event named a party the interaction did not have. */
  readonly implicit: boolean;
  /** Index of the record where the party first appeared. */
  readonly firstIndex: number;
  /** Built when read (see the file's comment). */
  readonly states: PartyStateEntry[];
}

export type LifecycleKind = 'added' | 'present' | 'notcontrolled' | 'deleted' | 'abandoned' | 'restored';

export interface LifecycleEntry extends Stamp {
  session: string;
  kind: LifecycleKind;
  /** For a session's association created by an event other than added. */
  implicit?: boolean;
}

export interface UdataPatch {
  index: number;
  /**
   * Keys merged, as the record carried them (its `udata` object, shared, never changed: a patch
   * per user-data event costs no copy of it); a `null` value removes the key.
   */
  changes: Readonly<Record<string, unknown>>;
}

export interface MediaChange {
  index: number;
  media: string | null;
  type: string | null;
}

/** An interaction as the sessions of the trace saw it. */
export interface Interaction {
  /** `interactionid` */
  readonly id: string;
  readonly firstIndex: number;
  readonly firstAt: number | null;
  /** First named by an event other than `interaction.added`. */
  readonly implicit: boolean;
  /** Sessions that held it, in order of first association. */
  readonly sessions: readonly string[];
  /** `media` of `interaction.added` (an extension); a later value replaces. */
  readonly media: string | null;
  /** `type` of `interaction.added` (an extension), e.g. Inbound. */
  readonly type: string | null;
  readonly added: Stamp | null;
  readonly present: Stamp | null;
  readonly notcontrolled: Stamp | null;
  /** When it left its last session; null while a session holds it. */
  readonly deleted: Stamp | null;
  /** First `interaction.abandoned`. */
  readonly abandoned: (Stamp & { focusresource: string | null; reason: string | null }) | null;
  /** Current user data (no prototype: keys come from the trace). */
  readonly udata: Record<string, unknown>;
  readonly udataLog: UdataPatch[];
  readonly mediaLog: MediaChange[];
  readonly parties: ReadonlyMap<string, Party>;
  /** How many sessions hold it now. */
  readonly held: number;
  readonly lifecycle: LifecycleEntry[];
  /** Indexes of every record that names it (events, actions and their results); built when read. */
  readonly records: Int32Array;
  /** The last of `records`, -1 for none (without building them). */
  readonly lastRecord: number;
  /** Indexes into `TraceState.links` of links on it. */
  readonly links: readonly number[];
  /** Diagnostics pointing at it. */
  readonly problems: number;
}

export type LinkKind = 'divert' | 'singlesteptransfer' | 'singlestepconference' | 'merge';

/** A divert, single-step transfer, single-step conference or merge. */
export interface Link extends Stamp {
  readonly kind: LinkKind;
  /** For merge the `tointeractionid`, else the interaction of the event. */
  readonly interactionid: string;
  /** Party id that acted, or `frominteractionid` for merge. */
  readonly from: string | null;
  /** New destination, added party's resource, or `tointeractionid` for merge. */
  readonly to: string | null;
  /** Merge type from `hints.type`: transfer or conference; else null. */
  readonly type: 'transfer' | 'conference' | null;
  readonly session: string;
  /** For singlestepconference, the added party id; else null. */
  readonly partyid: string | null;
}

/** A link as the reducer keeps it: its time is read from the record times of the columns. */
export class KeptLink implements Link {
  constructor(
    private readonly times: TimeColumn,
    readonly kind: LinkKind,
    readonly index: number,
    readonly interactionid: string,
    readonly from: string | null,
    readonly to: string | null,
    readonly type: 'transfer' | 'conference' | null,
    readonly session: string,
    readonly partyid: string | null = null,
  ) {}

  get at(): number | null {
    return this.times.get(this.index);
  }
}

export type RequestResult = 'done' | 'error' | 'pending';

/** An action and, once it arrived, its `interaction.<action>.done` / `error.interaction.<action>`. */
export interface Request {
  readonly requestid: string;
  /** Action name without `ixn:`. */
  readonly action: string;
  readonly session: string;
  readonly interactionid: string | null;
  readonly sent: number | null;
  readonly sentIndex: number;
  readonly file: string;
  readonly fileIndex: number;
  readonly line: number;
  readonly result: RequestResult;
  readonly error: string | null;
  readonly description: string | null;
  readonly latencyMs: number | null;
  readonly resultIndex: number;
  readonly resultAt: number | null;
}

/**
 * How a session holds an interaction: bits of a number (`HELD` clear once the session deleted
 * it), not an object per session and interaction.
 */
export const HELD = 1;
/** `interaction.present` came (and no `notcontrolled` since). */
export const PRESENT = 2;
export const NOTCONTROLLED = 4;

export interface SessionState {
  id: string;
  /** The session's hold on each interaction it named: `HELD`, `PRESENT`, `NOTCONTROLLED` bits. */
  interactions: Map<string, number>;
  /**
   * Every requestid the session's actions used, with its requests still unanswered. A requestid
   * used once (nearly all) maps to its request, answered or not; one used again maps to the list
   * of its unanswered requests, oldest first (empty once all were answered).
   */
  requests: Map<string, KeptRequest | KeptRequest[]>;
}

export interface TraceState {
  /** Kept records applied. */
  recordCount: number;
  events: number;
  actions: number;
  /** Lines that could not be read as records. */
  rejected: number;
  interactions: Map<string, KeptInteraction>;
  sessions: Map<string, SessionState>;
  links: KeptLink[];
  requests: KeptRequest[];
  /** In the order found; `sortedDiagnostics` orders them by file and line. */
  diagnostics: Diagnostic[];
  /** `finish` ran: pending requests are diagnosed. */
  finished: boolean;
  /**
   * Keep the index-stamped histories time travel reads (record lists, lifecycle, udata and media
   * logs). The CLI, which needs only the end state, turns them off to allocate less.
   */
  history: boolean;
  /** The columns parties and interactions keep their histories in. */
  columns: Histories;
}

export function createTrace(options: { history?: boolean } = {}): TraceState {
  const history = options.history ?? true;
  return {
    columns: new Histories(history),
    recordCount: 0,
    events: 0,
    actions: 0,
    rejected: 0,
    interactions: new Map(),
    sessions: new Map(),
    links: [],
    requests: [],
    diagnostics: [],
    finished: false,
    history,
  };
}

// ---------------------------------------------------------------------------------------------
// The columns

const LIFECYCLE_KINDS: readonly LifecycleKind[] = ['added', 'present', 'notcontrolled', 'deleted', 'abandoned', 'restored'];
const KIND_CODE: Readonly<Record<LifecycleKind, number>> = { added: 0, present: 1, notcontrolled: 2, deleted: 3, abandoned: 4, restored: 5 };
/** Added to a lifecycle entry's kind code when the association was implicit. */
const IMPLICIT = 8;
const NONE = -1;

/**
 * Where the histories of a trace's parties and interactions are kept (see the file's comment).
 * Parties and interactions are numbered in the order made; they own lists of these columns.
 */
export class Histories {
  /** Each interaction's record list is kept (`TraceState.history`). */
  constructor(readonly keepsRecords = true) {}

  /** Each applied record's time, by record index. */
  readonly times = new TimeColumn();
  /** Texts of state names, sessions and media, by id. */
  private readonly names = new Names();

  /** Party states, owned by party number. */
  readonly states = new Lists();
  readonly stateText = new Int32Column();
  readonly stateIndex = new Int32Column();
  /** Lifecycle entries, owned by interaction number: kind code (+ `IMPLICIT`), session text. */
  readonly lifecycle = new Lists();
  readonly lifeKind = new Int32Column();
  readonly lifeSession = new Int32Column();
  readonly lifeIndex = new Int32Column();
  /** User-data patches, owned by interaction number. */
  readonly udata = new Lists();
  readonly udataIndex = new Int32Column();
  readonly udataChanges: Readonly<Record<string, unknown>>[] = [];
  /** Indexes of the records that name each interaction, owned by interaction number. */
  readonly records = new Lists();
  readonly recordIndex = new Int32Column();
  /** Media and type after each `interaction.added` that told one, owned by interaction number. */
  readonly media = new Lists();
  readonly mediaIndex = new Int32Column();
  readonly mediaText = new Int32Column();
  readonly typeText = new Int32Column();

  parties = 0;
  interactions = 0;

  textId(text: string | null): number {
    return text === null ? NONE : this.names.id(text);
  }

  text(id: number): string | null {
    return id === NONE ? null : this.names.texts[id];
  }

  /** The stamp of record `index`; null for -1. */
  stamp(index: number): Stamp | null {
    return index === NONE ? null : { at: this.times.get(index), index };
  }

  addState(party: number, state: string, index: number): void {
    const e = this.states.add(party);
    this.stateText.set(e, this.textId(state));
    this.stateIndex.set(e, index);
  }

  addLifecycle(ixn: number, session: string, kind: LifecycleKind, implicit: boolean, index: number): void {
    const e = this.lifecycle.add(ixn);
    this.lifeKind.set(e, KIND_CODE[kind] + (implicit ? IMPLICIT : 0));
    this.lifeSession.set(e, this.textId(session));
    this.lifeIndex.set(e, index);
  }

  addUdata(ixn: number, changes: Readonly<Record<string, unknown>>, index: number): void {
    const e = this.udata.add(ixn);
    this.udataIndex.set(e, index);
    this.udataChanges[e] = changes;
  }

  addMedia(ixn: number, media: string | null, type: string | null, index: number): void {
    const e = this.media.add(ixn);
    this.mediaIndex.set(e, index);
    this.mediaText.set(e, this.textId(media));
    this.typeText.set(e, this.textId(type));
  }

  addRecord(ixn: number, index: number): void {
    this.recordIndex.set(this.records.add(ixn), index);
  }

  statesOf(party: number): PartyStateEntry[] {
    return this.states.of(party).map((e) => {
      const index = this.stateIndex.get(e);
      return { state: this.names.texts[this.stateText.get(e)], at: this.times.get(index), index };
    });
  }

  lifecycleOf(ixn: number): LifecycleEntry[] {
    return this.lifecycle.of(ixn).map((e) => {
      const index = this.lifeIndex.get(e);
      const code = this.lifeKind.get(e);
      const kind = LIFECYCLE_KINDS[code & (IMPLICIT - 1)];
      const entry: LifecycleEntry = { at: this.times.get(index), index, session: this.names.texts[this.lifeSession.get(e)], kind };
      if (kind === 'added') entry.implicit = (code & IMPLICIT) !== 0;
      return entry;
    });
  }

  udataLogOf(ixn: number): UdataPatch[] {
    return this.udata.of(ixn).map((e) => ({ index: this.udataIndex.get(e), changes: this.udataChanges[e] }));
  }

  mediaLogOf(ixn: number): MediaChange[] {
    return this.media.of(ixn).map((e) => ({ index: this.mediaIndex.get(e), media: this.text(this.mediaText.get(e)), type: this.text(this.typeText.get(e)) }));
  }
}

/** A party as the reducer keeps it: its fields, and its states in the trace's columns. */
export class KeptParty implements Party {
  /** Index of the `partyadded` that added it, -1 when none did. */
  addedIndex = NONE;
  /** Index of its first `partydeleted`, -1 while none came. */
  deletedIndex = NONE;
  /** Its last state, for the reducer to compare; null when none was reported. */
  lastState: string | null = null;
  /** Its number in the columns. */
  readonly n: number;

  constructor(
    private readonly columns: Histories,
    readonly partyid: string,
    public focusresource: string | null,
    public focusIndex: number,
    readonly implicit: boolean,
    readonly firstIndex: number,
  ) {
    this.n = columns.parties++;
  }

  get added(): Stamp | null {
    return this.columns.stamp(this.addedIndex);
  }

  get deleted(): Stamp | null {
    return this.columns.stamp(this.deletedIndex);
  }

  get states(): PartyStateEntry[] {
    return this.columns.statesOf(this.n);
  }

  addState(state: string, index: number): void {
    this.columns.addState(this.n, state, index);
    this.lastState = state;
  }
}

/** One frozen empty list for the lists most interactions never add to. */
const NO_STRINGS = Object.freeze([]) as unknown as string[];
const NO_NUMBERS = Object.freeze([]) as unknown as number[];
const NO_RECORDS = new Int32Array(0);

/** An interaction as the reducer keeps it: its fields, and its histories in the trace's columns. */
export class KeptInteraction implements Interaction {
  sessions: string[] = NO_STRINGS;
  media: string | null = null;
  type: string | null = null;
  udata: Record<string, unknown>;
  readonly parties = new Map<string, KeptParty>();
  held = 0;
  links: number[] = NO_NUMBERS;
  problems = 0;
  /** Indexes of the records of its stamps, -1 for none. */
  addedIndex = NONE;
  presentIndex = NONE;
  notcontrolledIndex = NONE;
  deletedIndex = NONE;
  abandonedIndex = NONE;
  abandonedFocus: string | null = null;
  abandonedReason: string | null = null;
  /** Its number in the columns. */
  readonly n: number;

  constructor(
    private readonly columns: Histories,
    readonly id: string,
    public firstIndex: number,
    readonly implicit: boolean,
    udata: Record<string, unknown>,
  ) {
    this.n = columns.interactions++;
    this.udata = udata;
  }

  get firstAt(): number | null {
    return this.columns.times.get(this.firstIndex);
  }

  get added(): Stamp | null {
    return this.columns.stamp(this.addedIndex);
  }

  get present(): Stamp | null {
    return this.columns.stamp(this.presentIndex);
  }

  get notcontrolled(): Stamp | null {
    return this.columns.stamp(this.notcontrolledIndex);
  }

  get deleted(): Stamp | null {
    return this.columns.stamp(this.deletedIndex);
  }

  get abandoned(): Interaction['abandoned'] {
    const i = this.abandonedIndex;
    return i === NONE ? null : { at: this.columns.times.get(i), index: i, focusresource: this.abandonedFocus, reason: this.abandonedReason };
  }

  get lifecycle(): LifecycleEntry[] {
    return this.columns.lifecycleOf(this.n);
  }

  get udataLog(): UdataPatch[] {
    return this.columns.udataLogOf(this.n);
  }

  get mediaLog(): MediaChange[] {
    return this.columns.mediaLogOf(this.n);
  }

  get records(): Int32Array {
    return this.columns.keepsRecords ? this.columns.records.valuesOf(this.n, this.columns.recordIndex) : NO_RECORDS;
  }

  get lastRecord(): number {
    const e = this.columns.records.last(this.n);
    return e === NONE ? NONE : this.columns.recordIndex.get(e);
  }

  /** Lists a record on it (only with histories). */
  listRecord(index: number): void {
    if (this.columns.keepsRecords) this.columns.addRecord(this.n, index);
  }
}

/**
 * A request as the reducer keeps it: its times are read from the record times of the columns
 * (a time kept in a field is a boxed number of its own).
 */
export class KeptRequest implements Request {
  result: RequestResult = 'pending';
  error: string | null = null;
  description: string | null = null;
  resultIndex = NONE;

  constructor(
    private readonly times: TimeColumn,
    readonly requestid: string,
    readonly action: string,
    readonly session: string,
    readonly interactionid: string | null,
    readonly sentIndex: number,
    readonly file: string,
    readonly fileIndex: number,
    readonly line: number,
  ) {}

  get sent(): number | null {
    return this.times.get(this.sentIndex);
  }

  get resultAt(): number | null {
    return this.resultIndex === NONE ? null : this.times.get(this.resultIndex);
  }

  get latencyMs(): number | null {
    if (this.resultIndex === NONE) return null;
    const sent = this.sent;
    const answered = this.resultAt;
    return sent !== null && answered !== null ? answered - sent : null;
  }
}

/** `request`'s fields as a plain object (`changes` replacing some): a spread would miss its getters. */
export function plainRequest(request: Request, changes: Partial<Request> = {}): Request {
  return {
    requestid: request.requestid,
    action: request.action,
    session: request.session,
    interactionid: request.interactionid,
    sent: request.sent,
    sentIndex: request.sentIndex,
    file: request.file,
    fileIndex: request.fileIndex,
    line: request.line,
    result: request.result,
    error: request.error,
    description: request.description,
    latencyMs: request.latencyMs,
    resultIndex: request.resultIndex,
    resultAt: request.resultAt,
    ...changes,
  };
}
