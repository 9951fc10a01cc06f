/**
 * Fault injection: turns one call's valid records into a trace that breaks exactly one rule of
 * trace-format.md section 3, at a record the validator will point at. Every fault keeps the
 * number of records (so `--events N` stays exact) and is chosen so that it causes no other
 * diagnostic: e.g. `parse-error` tears a `udata.changed` line, whose loss changes no lifecycle.
 */
import { ACTIONS, type ActionName } from '../catalogue';
import type { RuleId } from '../types';
import { EV, type PlannedRecord } from './call';
import type { Rng } from './rng';

/** Every rule id of section 3, in the order faults are handed out. */
export const FAULT_RULES: readonly RuleId[] = [
  'parse-error',
  'missing-name',
  'missing-attribute',
  'unknown-event',
  'unknown-action',
  'unknown-interaction',
  'after-deleted',
  'deleted-without-notcontrolled',
  'action-after-notcontrolled',
  'action-before-present',
  'duplicate-added',
  'unknown-party',
  'undocumented-error',
  'duplicate-requestid',
  'pending-request',
  'unmatched-result',
  'time-regression',
  'bad-timestamp',
];

/** Names for things a fault invents, in their own namespace so they never meet real ones. */
export class FaultIds {
  private n = 0;
  next(kind: 'ghost' | 'stale' | 'party'): string {
    this.n++;
    if (kind === 'ghost') return `GHOST${String(this.n).padStart(11, '0')}`;
    if (kind === 'stale') return `R-stale-${this.n}`;
    return `P-ghost-${this.n}`;
  }
}

interface Request {
  /** Index of the action record. */
  action: number;
  /** Index of its result record. */
  result: number;
}

function ixnOf(r: PlannedRecord): string | null {
  const id = r.data.interactionid;
  return typeof id === 'string' ? id : null;
}

function isUdata(r: PlannedRecord): boolean {
  return r.name === EV.udata && r.fault === null;
}

function isResultName(name: string | null, action: ActionName): boolean {
  return name === ACTIONS[action].done || name === ACTIONS[action].error;
}

/** Each action of the call with its result (same session, same requestid). */
function requests(records: PlannedRecord[]): Request[] {
  const out: Request[] = [];
  for (let i = 0; i < records.length; i++) {
    const a = records[i];
    if (a.action === null || a.fault !== null) continue;
    for (let j = i + 1; j < records.length; j++) {
      const r = records[j];
      if (r.session === a.session && r.data.requestid === a.data.requestid && isResultName(r.name, a.action as ActionName)) {
        out.push({ action: i, result: j });
        break;
      }
    }
  }
  return out;
}

function indexOf(records: PlannedRecord[], from: number, to: number, match: (r: PlannedRecord) => boolean): number {
  for (let i = from; i < to; i++) if (match(records[i])) return i;
  return -1;
}

function lastIndexOf(records: PlannedRecord[], match: (r: PlannedRecord) => boolean): number {
  for (let i = records.length - 1; i >= 0; i--) if (match(records[i])) return i;
  return -1;
}

function lifecycle(name: string, id: string, session: string): (r: PlannedRecord) => boolean {
  return (r) => r.name === name && r.session === session && r.data.interactionid === id;
}

/**
 * Moves records (by index, ascending) to just after `anchor`, taking the anchor's time so that
 * the call stays in time order. Returns the moved records in their new order.
 */
function moveAfter(records: PlannedRecord[], indices: number[], anchor: PlannedRecord): PlannedRecord[] {
  const moved = indices.map((i) => records[i]);
  for (let k = indices.length - 1; k >= 0; k--) records.splice(indices[k], 1);
  const at = records.indexOf(anchor);
  for (const r of moved) r.t = anchor.t;
  records.splice(at + 1, 0, ...moved);
  return moved;
}

/**
 * Breaks `rule` once in the call; returns false (and changes nothing) when the call has no
 * suitable record, e.g. no action for `unknown-action`.
 */
export function injectFault(records: PlannedRecord[], rule: RuleId, rng: Rng, ids: FaultIds): boolean {
  const udata: number[] = [];
  for (let i = 0; i < records.length; i++) if (isUdata(records[i])) udata.push(i);
  const someUdata = (): PlannedRecord | null => (udata.length > 0 ? records[rng.pick(udata)] : null);
  const reqs = requests(records);
  const someRequest = (): Request | null => (reqs.length > 0 ? rng.pick(reqs) : null);

  switch (rule) {
    case 'parse-error':
    case 'missing-name':
    case 'time-regression':
    case 'bad-timestamp': {
      // Only the way the line is written changes; a lost udata.changed breaks nothing else.
      const r = someUdata();
      if (!r) return false;
      const write = ({ 'parse-error': 'torn', 'missing-name': 'no-name', 'time-regression': 'regress-ts', 'bad-timestamp': 'bad-ts' } as const)[rule];
      r.fault = { rule, write };
      return true;
    }
    case 'missing-attribute': {
      const r = someUdata();
      if (!r) return false;
      r.data = { udata: r.data.udata };
      r.fault = { rule };
      return true;
    }
    case 'unknown-event': {
      const r = someUdata();
      if (!r) return false;
      r.name = 'interaction.userdata.changed';
      r.fault = { rule };
      return true;
    }
    case 'unknown-interaction': {
      const r = someUdata();
      if (!r) return false;
      r.data = { ...r.data, interactionid: ids.next('ghost') };
      r.fault = { rule };
      return true;
    }
    case 'duplicate-added': {
      const r = someUdata();
      if (!r) return false;
      r.name = EV.added;
      r.data = { interactionid: ixnOf(r) };
      r.fault = { rule };
      return true;
    }
    case 'unknown-party': {
      const r = someUdata();
      if (!r) return false;
      r.name = EV.partystatechanged;
      r.data = { interactionid: ixnOf(r), focusresource: '7999', partyid: ids.next('party'), partystate: 'established', hints: {} };
      r.fault = { rule };
      return true;
    }
    case 'unmatched-result': {
      const r = someUdata();
      if (!r) return false;
      r.name = ACTIONS.redirect.done;
      r.data = { requestid: ids.next('stale'), interactionid: ixnOf(r) };
      r.fault = { rule };
      return true;
    }
    case 'after-deleted': {
      // The udata change arrives after the interaction left the session.
      for (const i of udata) {
        const r = records[i];
        const id = ixnOf(r);
        if (id === null) continue;
        const d = lastIndexOf(records, lifecycle(EV.deleted, id, r.session));
        if (d <= i) continue;
        moveAfter(records, [i], records[d]);
        r.fault = { rule };
        return true;
      }
      return false;
    }
    case 'deleted-without-notcontrolled': {
      // The notcontrolled before deleted becomes a udata change: the deleted is now unannounced.
      for (let d = records.length - 1; d > 0; d--) {
        const r = records[d];
        if (r.name !== EV.deleted) continue;
        const id = ixnOf(r)!;
        const nc = records[d - 1];
        if (!lifecycle(EV.notcontrolled, id, r.session)(nc)) continue;
        nc.name = EV.udata;
        nc.data = { interactionid: id, udata: { DispositionCode: 'none' } };
        r.fault = { rule };
        return true;
      }
      return false;
    }
    case 'action-after-notcontrolled':
    case 'action-before-present': {
      for (const req of reqs) {
        const a = records[req.action];
        const id = ixnOf(a);
        if (id === null) continue;
        let anchor: number;
        if (rule === 'action-after-notcontrolled') {
          // The last notcontrolled that is followed by the deleted of the same session.
          const d = lastIndexOf(records, lifecycle(EV.deleted, id, a.session));
          anchor = d > 0 && lifecycle(EV.notcontrolled, id, a.session)(records[d - 1]) ? d - 1 : -1;
          if (anchor <= req.result) continue;
        } else {
          anchor = indexOf(records, 0, records.length, lifecycle(EV.added, id, a.session));
          const present = anchor < 0 ? -1 : indexOf(records, anchor, records.length, lifecycle(EV.present, id, a.session));
          if (anchor < 0 || present < 0 || req.result < present) continue;
        }
        moveAfter(records, [req.action, req.result], records[anchor]);
        a.fault = { rule };
        return true;
      }
      return false;
    }
    case 'unknown-action': {
      const req = someRequest();
      if (!req) return false;
      const a = records[req.action];
      a.action = 'reroute';
      a.fault = { rule };
      return true;
    }
    case 'undocumented-error': {
      // "This event will be sent as a result of a timeout": the documented value is unknown, not timeout.
      const req = someRequest();
      if (!req) return false;
      const a = records[req.action];
      const r = records[req.result];
      r.name = ACTIONS[a.action as ActionName].error;
      r.data = { requestid: r.data.requestid, error: 'timeout', description: 'no answer from the switch' };
      r.fault = { rule };
      return true;
    }
    case 'pending-request': {
      // The result never comes; in its place the session sees a udata change of the interaction.
      const req = someRequest();
      if (!req) return false;
      const a = records[req.action];
      const r = records[req.result];
      r.name = EV.udata;
      r.data = { interactionid: ixnOf(a), udata: { LastRequest: a.data.requestid } };
      a.fault = { rule };
      return true;
    }
    case 'duplicate-requestid': {
      for (let k = reqs.length - 1; k > 0; k--) {
        const later = records[reqs[k].action];
        const earlier = reqs.slice(0, k).find((q) => records[q.action].session === later.session);
        if (!earlier) continue;
        const requestid = records[earlier.action].data.requestid;
        later.data = { ...later.data, requestid };
        const result = records[reqs[k].result];
        result.data = { ...result.data, requestid };
        later.fault = { rule };
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}
