/**
 * The event catalogue: one entry per event and per action of the Genesys 8.1 SCXML
 * "Interaction Interface > Events" page. Reducer, validator, labels and colours all read this
 * table; nothing else in the code base spells an event name.
 *
 * `catalogue.test.ts` parses the spec text and fails when a name or attribute differs.
 */

/** How an event takes part in the interaction model. */
export type EventFamily = 'result' | 'lifecycle' | 'party' | 'link' | 'data';

/** The eight actions whose results the spec documents (`<ixn:redirect>` etc.). */
export const ACTION_NAMES = [
  'terminate',
  'redirect',
  'associate',
  'pick',
  'accept',
  'clear',
  'singlesteptransfer',
  'singlestepconference',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** What an event does to the reconstructed state; the reducer switches on this, not on names. */
export type EventEffect =
  | 'result-done'
  | 'result-error'
  | 'added'
  | 'deleted'
  | 'present'
  | 'notcontrolled'
  | 'abandoned'
  | 'restored'
  | 'partyadded'
  | 'partydeleted'
  | 'partystatechanged'
  | 'udatachanged'
  | 'divert'
  | 'singlesteptransfer'
  | 'singlestepconference'
  | 'merge';

export interface EventSpec {
  name: string;
  family: EventFamily;
  effect: EventEffect;
  /** Attributes in spec order. */
  attributes: readonly string[];
  /** Attributes that must be present and non-null: all but `hints` and `description`. */
  required: readonly string[];
  /** For results: the action they answer. */
  action?: ActionName;
  /** Short label for tables and ladders. */
  label: string;
  /** One line from the spec: what the event means. */
  description: string;
}

export interface ActionSpec {
  name: ActionName;
  done: string;
  error: string;
  /** Literal documented error values, e.g. `unknown`, `remote`, `invaliddestination`. */
  errors: readonly string[];
  /** States allowed after `invalidstate.`; empty when the action has no invalidstate error. */
  invalidStates: readonly string[];
  /** `reject.<reason>` is documented (accept only). */
  reject: boolean;
  label: string;
}

const OPTIONAL_ATTRIBUTES = new Set(['hints', 'description']);

const ALL_STATES = ['null', 'ringing', 'hold', 'transferring', 'treating', 'routed'] as const;

function action(
  name: ActionName,
  errors: string[],
  invalidStates: readonly string[],
  label: string,
  reject = false,
): ActionSpec {
  return {
    name,
    done: `interaction.${name}.done`,
    error: `error.interaction.${name}`,
    errors,
    invalidStates,
    reject,
    label,
  };
}

export const ACTIONS: Readonly<Record<ActionName, ActionSpec>> = {
  terminate: action('terminate', ['unknown', 'remote'], ALL_STATES, 'terminate'),
  redirect: action('redirect', ['unknown', 'invaliddestination', 'badtranslation', 'remote'], ALL_STATES, 'redirect'),
  associate: action('associate', ['unknown', 'invalidserver', 'nointeraction'], [], 'associate'),
  pick: action('pick', ['unknown', 'invaliddestination', 'invalidsource', 'invalidserver'], [], 'pick'),
  accept: action('accept', ['unknown', 'remote'], ['null', 'hold', 'transferring', 'treating', 'routed'], 'accept', true),
  clear: action('clear', ['unknown', 'remote'], ALL_STATES, 'clear'),
  singlesteptransfer: action('singlesteptransfer', ['unknown', 'remote'], ALL_STATES, 'single-step transfer'),
  singlestepconference: action('singlestepconference', ['unknown', 'remote'], ALL_STATES, 'single-step conference'),
};

function event(
  name: string,
  family: EventFamily,
  effect: EventEffect,
  attributes: string[],
  label: string,
  description: string,
  actionName?: ActionName,
): EventSpec {
  return {
    name,
    family,
    effect,
    attributes,
    required: attributes.filter((a) => !OPTIONAL_ATTRIBUTES.has(a)),
    action: actionName,
    label,
    description,
  };
}

/** Result events per action, attributes exactly as the spec lists them. */
const DONE_ATTRIBUTES: Record<ActionName, string[]> = {
  terminate: ['requestid', 'interactionid'],
  redirect: ['requestid', 'interactionid'],
  associate: ['requestid', 'interactionid'],
  pick: ['requestid', 'interactionid'],
  accept: ['requestid'],
  clear: ['requestid', 'interactionid', 'resource'],
  singlesteptransfer: ['requestid', 'interactionid'],
  singlestepconference: ['requestid', 'interactionid'],
};

const resultEvents: EventSpec[] = ACTION_NAMES.flatMap((a) => [
  event(`interaction.${a}.done`, 'result', 'result-done', DONE_ATTRIBUTES[a], `${ACTIONS[a].label} done`,
    `The ${a} request succeeded.`, a),
  event(`error.interaction.${a}`, 'result', 'result-error', ['requestid', 'error', 'description'],
    `${ACTIONS[a].label} failed`, `The ${a} request failed or timed out.`, a),
]);

const PARTY = ['interactionid', 'focusresource', 'partyid', 'partystate'];

const asyncEvents: EventSpec[] = [
  event('interaction.added', 'lifecycle', 'added', ['interactionid'], 'added',
    'The interaction is now associated with the session.'),
  event('interaction.deleted', 'lifecycle', 'deleted', ['interactionid'], 'deleted',
    'The interaction is no longer associated with the session.'),
  event('interaction.present', 'lifecycle', 'present', ['interactionid'], 'present',
    'The interaction is under session control; actions are allowed.'),
  event('interaction.notcontrolled', 'lifecycle', 'notcontrolled', ['interactionid'], 'not controlled',
    'The session still owns the interaction but may no longer control it.'),
  event('interaction.partyadded', 'party', 'partyadded', PARTY, 'party added',
    'A new party was added to the interaction.'),
  event('interaction.partydeleted', 'party', 'partydeleted', PARTY, 'party deleted',
    'A party was removed from the interaction.'),
  event('interaction.partystatechanged', 'party', 'partystatechanged', [...PARTY, 'hints'], 'party state',
    'The state of a party changed.'),
  event('interaction.udata.changed', 'data', 'udatachanged', ['interactionid'], 'udata changed',
    'The user data of the interaction changed.'),
  event('interaction.ondivert', 'link', 'divert',
    ['interactionid', 'divertingpartyid', 'divertingresource', 'divertingpartystate', 'newdestination', 'hints'],
    'divert', 'The interaction was diverted to a new destination.'),
  event('interaction.onsinglesteptransfer', 'link', 'singlesteptransfer',
    ['interactionid', 'transferringpartyid', 'transferringresource', 'transferringpartystate', 'newdestination', 'hints'],
    'single-step transfer', 'A single-step transfer was performed.'),
  event('interaction.onsinglestepconference', 'link', 'singlestepconference',
    ['interactionid', 'conferencingpartyid', 'conferencingresource', 'conferencingpartystate',
      'addedpartyid', 'addedresource', 'addedpartystate', 'hints'],
    'single-step conference', 'A single-step conference added a party.'),
  event('interaction.onmerge', 'link', 'merge',
    ['frominteractionid', 'tointeractionid', 'activeresource', 'activepartyid', 'activepartystate',
      'heldresource', 'heldpartyid', 'heldpartystate', 'hints'],
    'merge', 'Two interactions were merged (consult transfer or conference completed).'),
  event('interaction.abandoned', 'lifecycle', 'abandoned', ['interactionid', 'focusresource', 'reason', 'hints'],
    'abandoned', 'The customer left the interaction unexpectedly.'),
  event('interaction.restored', 'lifecycle', 'restored', ['interactionid'], 'restored',
    'A functional module restored the interaction.'),
];

/** Every event of the spec, results first, in spec order. */
export const EVENTS: readonly EventSpec[] = [...resultEvents, ...asyncEvents];

const EVENT_BY_NAME: ReadonlyMap<string, EventSpec> = new Map(EVENTS.map((e) => [e.name, e]));

const NAME_SLOTS = 256;
const slotNames: (string | undefined)[] = new Array(NAME_SLOTS).fill(undefined);
const slotSpecs: (EventSpec | undefined)[] = new Array(NAME_SLOTS).fill(undefined);

/**
 * The spec of an event name. Names come fresh from JSON.parse, which shares only strings of up
 * to 10 characters: a Map lookup hashed every name (a tenth of the reducer's time on 1M
 * records). A small cache indexed by the length and three characters answers with one string
 * comparison; the Map answers the rest and refills the slot.
 */
export function eventSpec(name: string): EventSpec | undefined {
  const n = name.length;
  if (n < 13) return EVENT_BY_NAME.get(name);
  const slot = (n * 31 + name.charCodeAt(n - 1) * 17 + name.charCodeAt(n - 4) * 7 + name.charCodeAt(12) * 3) & (NAME_SLOTS - 1);
  if (slotNames[slot] === name) return slotSpecs[slot];
  const spec = EVENT_BY_NAME.get(name);
  slotNames[slot] = name;
  slotSpecs[slot] = spec;
  return spec;
}

export function actionSpec(name: string): ActionSpec | undefined {
  return Object.hasOwn(ACTIONS, name) ? ACTIONS[name as ActionName] : undefined;
}

/** Names in the namespaces the spec owns: unknown ones there are diagnosed. */
export function isInteractionNamespace(name: string): boolean {
  return name.startsWith('interaction.') || name.startsWith('error.interaction.');
}

/** Strip the optional `ixn:` prefix of an action name. */
export function actionBaseName(action: string): string {
  return action.startsWith('ixn:') ? action.slice(4) : action;
}

/**
 * Is `error` a value the spec documents for `action`? `invalidstate.<s>` only with the listed
 * states, `reject.<reason>` (any non-empty reason) only for accept.
 */
export function isDocumentedError(action: ActionName, error: string): boolean {
  const spec = ACTIONS[action];
  if (spec.errors.includes(error)) return true;
  if (error.startsWith('invalidstate.')) return spec.invalidStates.includes(error.slice('invalidstate.'.length));
  if (error.startsWith('reject.')) return spec.reject && error.length > 'reject.'.length;
  return false;
}

/** Every documented error value of an action, patterns written as `reject.<reason>`. */
export function documentedErrors(action: ActionName): string[] {
  const spec = ACTIONS[action];
  return [
    ...spec.errors,
    ...spec.invalidStates.map((s) => `invalidstate.${s}`),
    ...(spec.reject ? ['reject.<reason>'] : []),
  ];
}

/** Colour per family, readable on light and dark backgrounds. */
export const FAMILY_COLOURS: Readonly<Record<EventFamily | 'action' | 'other', string>> = {
  result: '#8b5cf6',
  lifecycle: '#0ea5e9',
  party: '#10b981',
  link: '#f59e0b',
  data: '#64748b',
  action: '#ec4899',
  other: '#94a3b8',
};

/** Party states seen on the platform, each with a colour; unknown states get `other`. */
export const PARTY_STATE_COLOURS: Readonly<Record<string, string>> = {
  ringing: '#f59e0b',
  dialing: '#eab308',
  established: '#10b981',
  connected: '#10b981',
  hold: '#6366f1',
  held: '#6366f1',
  queued: '#0ea5e9',
  routing: '#0891b2',
  treating: '#14b8a6',
  transferring: '#d946ef',
  conferencing: '#a855f7',
  routed: '#06b6d4',
  diverted: '#f97316',
  invited: '#fbbf24',
  accepted: '#22c55e',
  released: '#94a3b8',
  deleted: '#94a3b8',
  abandoned: '#ef4444',
  other: '#78716c',
};

export function partyStateColour(state: string | null | undefined): string {
  if (!state) return PARTY_STATE_COLOURS.other;
  return Object.hasOwn(PARTY_STATE_COLOURS, state) ? PARTY_STATE_COLOURS[state] : PARTY_STATE_COLOURS.other;
}
