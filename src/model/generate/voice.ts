/**
 * Building blocks of voice calls, shared by the voice scenarios: an inbound call arriving at a
 * routing point, routing it with `redirect` (the platform answers with `ondivert`), ringing and
 * answering, releasing. Party states and the order of events follow the hand-written samples.
 */
import { EV, type CallBuilder, type PlannedParty } from './call';
import type { Rng } from './rng';

/** The interaction and its parties as the call goes on. */
export interface VoiceCall {
  id: string;
  caller: PlannedParty;
  routingPoint: PlannedParty;
  /** The user data as the session sees it, for `interaction.added` in another session. */
  udata: Record<string, unknown>;
}

export function callerNumber(rng: Rng): string {
  return `+1555${rng.int(2000000, 9999999)}`;
}

export function routingPointDn(rng: Rng): string {
  return String(rng.int(5000, 5009));
}

export function agentDn(rng: Rng): string {
  return String(rng.int(7001, 7199));
}

const SEGMENTS = ['gold', 'silver', 'bronze'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'fr', 'de'];
const VQS = ['VQ_Sales', 'VQ_Support', 'VQ_Billing', 'VQ_Retention'];
const IVR_PATHS = ['billing', 'support', 'sales', 'orders', 'cancel'];

/** Merges a udata change into the call's copy (null removes) and reports it. */
export function changeUdata(b: CallBuilder, call: VoiceCall, changes: Record<string, unknown>): void {
  for (const key of Object.keys(changes)) {
    if (changes[key] === null) delete call.udata[key];
    else call.udata[key] = changes[key];
  }
  b.udata(call.id, changes);
}

/**
 * A customer call reaches a routing point: `interaction.added` carries the caller and the
 * routing point as parties (parties from before the session saw the call are never reported by
 * `partyadded`), then `present` gives the session control.
 */
export function inbound(b: CallBuilder, withUdata = true): VoiceCall {
  const rng = b.rng;
  const caller = b.party(callerNumber(rng), 'established');
  const routingPoint = b.party(routingPointDn(rng), 'queued');
  const udata: Record<string, unknown> = withUdata
    ? { CustomerSegment: rng.pick(SEGMENTS), Language: rng.pick(LANGUAGES), VQ: rng.pick(VQS) }
    : {};
  const call: VoiceCall = { id: b.interactionId(), caller, routingPoint, udata };
  const data: Record<string, unknown> = {
    interactionid: call.id,
    media: 'voice',
    type: 'Inbound',
    parties: [{ ...caller }, { ...routingPoint }],
  };
  if (withUdata) data.udata = { ...udata };
  b.event(EV.added, data);
  b.tick().event(EV.present, { interactionid: call.id });
  return call;
}

/** The caller goes through the IVR: the menu choice and account number land in the user data. */
export function ivr(b: CallBuilder, call: VoiceCall): void {
  b.wait(b.rng.think(6000, 800, 45000));
  changeUdata(b, call, {
    IVRPath: b.rng.pick(IVR_PATHS),
    AccountNumber: String(b.rng.int(10000000, 99999999)),
  });
}

/** Time in queue at the routing point before a target is found. */
export function queueWait(b: CallBuilder): void {
  b.wait(b.rng.think(15000, 1000, 240000));
}

/** Time the agent takes to answer a ringing call. */
export function ring(b: CallBuilder): void {
  b.wait(b.rng.think(5000, 1200, 25000));
}

/** Conversation time. */
export function talk(b: CallBuilder, medianMs = 90000): void {
  b.wait(b.rng.think(medianMs, 8000, 1200000));
}

/**
 * A single-step hand-over of the call from party `from` to `dest`: the request, the platform's
 * event naming the acting party in `role` (`ondivert`/diverting for a redirect,
 * `onsinglesteptransfer`/transferring for a single-step transfer), its result, `from` leaving in
 * `leftState`, then `dest` ringing and answering, and the user data the hand-over sets.
 */
export function handOver(
  b: CallBuilder,
  call: VoiceCall,
  from: PlannedParty,
  dest: string,
  how: {
    action: 'redirect' | 'singlesteptransfer';
    event: string;
    role: 'diverting' | 'transferring';
    /** Bounds of the request's latency, ms. */
    latency: [number, number];
    leftState: string;
    udata: Record<string, unknown>;
  },
): PlannedParty {
  const requestid = b.action(how.action, { interactionid: call.id, from: from.focusresource, to: dest });
  b.wait(b.rng.int(how.latency[0], how.latency[1]));
  b.event(how.event, {
    interactionid: call.id,
    [`${how.role}partyid`]: from.partyid,
    [`${how.role}resource`]: from.focusresource,
    [`${how.role}partystate`]: from.partystate,
    newdestination: dest,
    hints: {},
  });
  b.tick().done(how.action, requestid, { interactionid: call.id });
  b.tick().partyDeleted(call.id, from, how.leftState);
  const party = b.party(dest, 'ringing');
  b.tick().partyAdded(call.id, party);
  ring(b);
  b.partyState(call.id, party, 'established');
  b.tick();
  changeUdata(b, call, how.udata);
  return party;
}

/**
 * Routes the call from its routing point to `dest` with `redirect`: the platform reports
 * `ondivert` (the routing point is the diverting party), then the routing point leaves and the
 * destination rings and answers.
 */
export function routeTo(b: CallBuilder, call: VoiceCall, dest: string): PlannedParty {
  return handOver(b, call, call.routingPoint, dest, {
    action: 'redirect',
    event: EV.ondivert,
    role: 'diverting',
    latency: [15, 70],
    leftState: 'routed',
    udata: { AgentLogin: `agent${dest}`, RoutedAt: dest },
  });
}

/**
 * The call ends: each remaining party is released, then "for voice interactions, this event
 * [notcontrolled] will be published immediately before the interaction.deleted event".
 */
export function release(b: CallBuilder, id: string, parties: PlannedParty[], session = b.session): void {
  for (const p of parties) {
    p.partystate = 'released';
    b.partyEvent(EV.partydeleted, id, p, session);
    b.tick();
  }
  endInSession(b, id, session);
}

/** `notcontrolled` then `deleted` of one interaction in one session. */
export function endInSession(b: CallBuilder, id: string, session = b.session): void {
  b.event(EV.notcontrolled, { interactionid: id }, session);
  b.tick().event(EV.deleted, { interactionid: id }, session);
}
