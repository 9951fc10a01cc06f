/**
 * One synthetic call as a list of planned trace records with absolute times, built by a scenario
 * when the call starts. A call is small (tens of records), so the generator holds only the calls
 * in progress, never the trace.
 */
import { ACTIONS, type ActionName } from '../catalogue';
import type { RuleId } from '../types';
import type { Rng } from './rng';

/** Event names the generator writes; `generator.test.ts` checks each against the catalogue. */
export const EV = {
  added: 'interaction.added',
  deleted: 'interaction.deleted',
  present: 'interaction.present',
  notcontrolled: 'interaction.notcontrolled',
  partyadded: 'interaction.partyadded',
  partydeleted: 'interaction.partydeleted',
  partystatechanged: 'interaction.partystatechanged',
  udata: 'interaction.udata.changed',
  ondivert: 'interaction.ondivert',
  onsinglesteptransfer: 'interaction.onsinglesteptransfer',
  onsinglestepconference: 'interaction.onsinglestepconference',
  onmerge: 'interaction.onmerge',
  abandoned: 'interaction.abandoned',
} as const;

/** How an injected fault changes the way a record is written (the rest is done on the data). */
export type WriteFault = 'torn' | 'no-name' | 'bad-ts' | 'regress-ts';

/** An injected protocol violation carried by the record the validator should point at. */
export interface FaultMark {
  rule: RuleId;
  write?: WriteFault;
}

/** A record to be written: an event (`name`) or an action (`action`, without `ixn:`). */
export interface PlannedRecord {
  /** Epoch ms; a call's records are in non-decreasing time order. */
  t: number;
  session: string;
  name: string | null;
  action: ActionName | string | null;
  data: Record<string, unknown>;
  fault: FaultMark | null;
}

/** A party of a planned interaction (`partyid`, `focusresource`, `partystate`). */
export interface PlannedParty {
  partyid: string;
  focusresource: string;
  partystate: string;
}

/** Counters and choices shared by every call of one trace: ids are unique across the trace. */
export interface World {
  rng: Rng;
  /** Session ids, `S1`..`SK`. */
  sessions: readonly string[];
  /** 8 hex digits derived from the seed, the first half of every interaction id. */
  idPrefix: string;
  nextInteraction: number;
  nextParty: number;
  nextRequest: number;
}

/** Bijective scramble of a 32-bit counter, so consecutive ids do not look consecutive. */
function scramble(n: number): number {
  let x = Math.imul(n ^ 0x5bd1e995, 0x2c1b3c6d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x297a2d39) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

export function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

export class CallBuilder {
  readonly records: PlannedRecord[] = [];
  /** The time the next record gets. */
  t: number;

  constructor(
    readonly world: World,
    start: number,
    /** The session that handles the call (an associate moves it to another). */
    public session: string,
  ) {
    this.t = start;
  }

  get rng(): Rng {
    return this.world.rng;
  }

  /** Lets time pass before the next record. */
  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  /** Platform latency between two related events: a few milliseconds. */
  tick(): this {
    this.t += this.world.rng.int(1, 12);
    return this;
  }

  /** A Genesys-style 16-hex-digit interaction id (ConnID for voice), unique in the trace. */
  interactionId(): string {
    return this.world.idPrefix + hex8(scramble(++this.world.nextInteraction));
  }

  party(focusresource: string, partystate: string): PlannedParty {
    return { partyid: `P${++this.world.nextParty}`, focusresource, partystate };
  }

  event(name: string, data: Record<string, unknown>, session = this.session): PlannedRecord {
    const r: PlannedRecord = { t: this.t, session, name, action: null, data, fault: null };
    this.records.push(r);
    return r;
  }

  /** Sends an action; returns its request id (unique in the trace, hence in each session). */
  action(action: ActionName, data: Record<string, unknown>, session = this.session): string {
    const requestid = `R${++this.world.nextRequest}`;
    this.records.push({ t: this.t, session, name: null, action, data: { requestid, ...data }, fault: null });
    return requestid;
  }

  /** `interaction.<action>.done` with the attributes the spec lists for it. */
  done(action: ActionName, requestid: string, data: Record<string, unknown> = {}, session = this.session): void {
    this.event(ACTIONS[action].done, { requestid, ...data }, session);
  }

  /** `error.interaction.<action>` with a documented error value and a description. */
  error(action: ActionName, requestid: string, error: string, description: string, session = this.session): void {
    this.event(ACTIONS[action].error, { requestid, error, description }, session);
  }

  partyEvent(name: string, interactionid: string, p: PlannedParty, session = this.session): void {
    const data: Record<string, unknown> = {
      interactionid,
      focusresource: p.focusresource,
      partyid: p.partyid,
      partystate: p.partystate,
    };
    if (name === EV.partystatechanged) data.hints = {};
    this.event(name, data, session);
  }

  partyAdded(interactionid: string, p: PlannedParty): void {
    this.partyEvent(EV.partyadded, interactionid, p);
  }

  /** Sets the party's state and reports it with `partystatechanged`. */
  partyState(interactionid: string, p: PlannedParty, state: string): void {
    p.partystate = state;
    this.partyEvent(EV.partystatechanged, interactionid, p);
  }

  /** Ends the party with `partydeleted` in the given final state. */
  partyDeleted(interactionid: string, p: PlannedParty, state = 'released'): void {
    p.partystate = state;
    this.partyEvent(EV.partydeleted, interactionid, p);
  }

  udata(interactionid: string, udata: Record<string, unknown>, session = this.session): void {
    this.event(EV.udata, { interactionid, udata }, session);
  }
}
