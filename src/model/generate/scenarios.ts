/**
 * The generator's scenarios: each builds one call as the SCXML session would have seen it, with
 * every action answered by its `.done` or `error.` result. A table, like the event catalogue:
 * `--help`, the mix and the sample library all read it.
 */
import { EV, type CallBuilder, type PlannedParty } from './call';
import {
  agentDn,
  changeUdata,
  endInSession,
  handOver,
  inbound,
  ivr,
  queueWait,
  release,
  ring,
  routeTo,
  talk,
  type VoiceCall,
} from './voice';

export interface Scenario {
  name: string;
  title: string;
  /** One line for `--help` and the sample menu. */
  description: string;
  /** Share of calls in the `mix`. */
  weight: number;
  build(b: CallBuilder): void;
}

/** A destination the switch does not know (for `invaliddestination`). */
function unknownDn(b: CallBuilder): string {
  return String(b.rng.int(9100, 9899));
}

/** Another agent than `dn`. */
function otherAgent(b: CallBuilder, dn: string): string {
  for (;;) {
    const other = agentDn(b.rng);
    if (other !== dn) return other;
  }
}

/** The first part every routed voice call shares: arrival, IVR, queue, route, answer, talk. */
function answeredCall(b: CallBuilder): { call: VoiceCall; agent: PlannedParty } {
  const call = inbound(b);
  ivr(b, call);
  queueWait(b);
  const agent = routeTo(b, call, agentDn(b.rng));
  return { call, agent };
}

function divert(b: CallBuilder): void {
  const { call, agent } = answeredCall(b);
  talk(b);
  if (b.rng.chance(0.3)) changeUdata(b, call, { DispositionCode: b.rng.pick(['resolved', 'callback', 'escalated']) });
  talk(b, 30000);
  release(b, call.id, b.rng.chance(0.6) ? [call.caller, agent] : [agent, call.caller]);
}

/** Single-step (blind) transfer: the agent's party is replaced by the new destination. */
function blindTransfer(b: CallBuilder): void {
  const { call, agent } = answeredCall(b);
  talk(b, 45000);
  const dest = otherAgent(b, agent.focusresource);
  const target = handOver(b, call, agent, dest, {
    action: 'singlesteptransfer',
    event: EV.onsinglesteptransfer,
    role: 'transferring',
    latency: [20, 80],
    leftState: 'released',
    udata: { TransferredBy: agent.focusresource, AgentLogin: `agent${dest}` },
  });
  talk(b);
  release(b, call.id, [call.caller, target]);
}

/**
 * The agent puts the caller on hold and dials a colleague on a consult interaction, which the
 * session gets with `interaction.added` (type Consult). Completion is `interaction.onmerge` from
 * the consult into the primary with `hints.type`; the consult leg then ends.
 */
function consult(b: CallBuilder, type: 'transfer' | 'conference'): void {
  const { call, agent } = answeredCall(b);
  talk(b, 40000);
  b.partyState(call.id, call.caller, 'hold');
  const consultId = b.interactionId();
  const from = b.party(agent.focusresource, 'dialing');
  b.tick().event(EV.added, { interactionid: consultId, media: 'voice', type: 'Consult', parties: [{ ...from }] });
  b.tick().event(EV.present, { interactionid: consultId });
  const dest = otherAgent(b, agent.focusresource);
  const to = b.party(dest, 'ringing');
  b.wait(b.rng.int(40, 400)).partyAdded(consultId, to);
  ring(b);
  b.partyState(consultId, to, 'established');
  b.tick().partyState(consultId, from, 'established');
  talk(b, 20000);
  b.event(EV.onmerge, {
    frominteractionid: consultId,
    tointeractionid: call.id,
    activeresource: to.focusresource,
    activepartyid: to.partyid,
    activepartystate: to.partystate,
    heldresource: call.caller.focusresource,
    heldpartyid: call.caller.partyid,
    heldpartystate: call.caller.partystate,
    hints: { type },
  });
  b.tick().partyDeleted(consultId, to, 'released');
  b.tick().partyDeleted(consultId, from, 'released');
  b.tick();
  endInSession(b, consultId);
  const joined = b.party(dest, 'established');
  if (type === 'transfer') {
    b.tick().partyDeleted(call.id, agent, 'released');
    b.tick().partyAdded(call.id, joined);
    b.tick().partyState(call.id, call.caller, 'established');
    b.tick();
    changeUdata(b, call, { TransferredBy: agent.focusresource, AgentLogin: `agent${dest}` });
    talk(b);
    release(b, call.id, [call.caller, joined]);
  } else {
    b.tick().partyAdded(call.id, joined);
    b.tick().partyState(call.id, call.caller, 'established');
    b.tick();
    changeUdata(b, call, { ConferencedWith: dest });
    talk(b, 60000);
    b.partyDeleted(call.id, agent, 'released');
    talk(b, 40000);
    release(b, call.id, [call.caller, joined]);
  }
}

/**
 * Single-step conference: a supervisor joins (`onsinglestepconference` names the added party),
 * later the session drops the supervisor with `clear` (`clear.done` names the resource).
 */
function singleStepConference(b: CallBuilder): void {
  const { call, agent } = answeredCall(b);
  talk(b, 40000);
  const supervisor = String(b.rng.int(7500, 7519));
  const requestid = b.action('singlestepconference', { interactionid: call.id, from: agent.focusresource, to: supervisor });
  b.wait(b.rng.int(20, 80));
  const added = b.party(supervisor, 'ringing');
  b.event(EV.onsinglestepconference, {
    interactionid: call.id,
    conferencingpartyid: agent.partyid,
    conferencingresource: agent.focusresource,
    conferencingpartystate: agent.partystate,
    addedpartyid: added.partyid,
    addedresource: added.focusresource,
    addedpartystate: added.partystate,
    hints: {},
  });
  b.tick().done('singlestepconference', requestid, { interactionid: call.id });
  ring(b);
  b.partyState(call.id, added, 'established');
  b.tick();
  changeUdata(b, call, { SupervisorJoined: supervisor });
  talk(b, 45000);
  const clear = b.action('clear', { interactionid: call.id, resource: supervisor });
  b.wait(b.rng.int(20, 70)).partyDeleted(call.id, added, 'released');
  b.tick().done('clear', clear, { interactionid: call.id, resource: supervisor });
  talk(b);
  release(b, call.id, [call.caller, agent]);
}

/**
 * The caller hangs up while queued: `interaction.abandoned` (T-Server EventAbandoned), the parties
 * leave, then notcontrolled and deleted. With `extraUdata` it is the generator's filler call.
 */
export function abandonCall(b: CallBuilder, withUdata = true, extraUdata = 0): void {
  const call = inbound(b, withUdata);
  if (withUdata) {
    b.wait(b.rng.int(200, 1500));
    changeUdata(b, call, { EWT: b.rng.int(30, 600), QueuePosition: b.rng.int(1, 40) });
  }
  for (let i = 0; i < extraUdata; i++) {
    b.wait(b.rng.int(2000, 20000));
    changeUdata(b, call, { QueuePosition: b.rng.int(1, 40) });
  }
  b.wait(b.rng.think(25000, 2000, 300000));
  b.event(EV.abandoned, {
    interactionid: call.id,
    focusresource: call.caller.focusresource,
    reason: 'caller disconnected while queued',
    hints: {},
  });
  b.tick();
  release(b, call.id, [call.caller, call.routingPoint]);
}

/** Records in `abandonCall(b, false, 0)`: the smallest call, used to fill `--events` exactly. */
export const FILLER_RECORDS = 7;

const CHAT_SUBJECTS = ['Order status', 'Password reset', 'Billing question', 'Upgrade options', 'Delivery delay'];
const EMAIL_SUBJECTS = ['Invoice copy', 'Complaint', 'Change of address', 'Refund request', 'Contract renewal'];

function placeOf(b: CallBuilder): string {
  return `Place_${b.rng.int(7001, 7199)}`;
}

/**
 * Multimedia: the session picks the interaction from an interaction queue (`pick` names an
 * interaction the session does not hold yet), gets added and present, and only then acts on it.
 * Parties are agents only: `interaction.added` has none.
 */
function pickMultimedia(b: CallBuilder, media: 'chat' | 'email', queue: string, udata: Record<string, unknown>): string {
  const id = b.interactionId();
  const requestid = b.action('pick', { interactionid: id, from: queue });
  b.wait(b.rng.int(10, 60)).event(EV.added, { interactionid: id, media, type: 'Inbound', udata });
  b.tick().event(EV.present, { interactionid: id });
  b.tick().done('pick', requestid, { interactionid: id });
  return id;
}

/** `accept` delivers the interaction to an agent's place: invited, then accepted. */
function acceptBy(b: CallBuilder, id: string, place: string): PlannedParty {
  const requestid = b.action('accept', { interactionid: id, resource: place });
  const agent = b.party(place, 'invited');
  b.wait(b.rng.int(15, 60)).partyAdded(id, agent);
  b.tick().done('accept', requestid);
  b.wait(b.rng.think(4000, 800, 30000)).partyState(id, agent, 'accepted');
  return agent;
}

/** The strategy stops processing: `terminate`, the agent leaves, notcontrolled, deleted. */
function finishMultimedia(b: CallBuilder, id: string, agent: PlannedParty): void {
  const requestid = b.action('terminate', { interactionid: id, reason: 'Completed' });
  b.wait(b.rng.int(15, 60)).done('terminate', requestid, { interactionid: id });
  b.tick().partyDeleted(id, agent, 'released');
  b.tick();
  endInSession(b, id);
}

function chat(b: CallBuilder): void {
  const id = pickMultimedia(b, 'chat', 'Chat_Inbound', {
    Subject: b.rng.pick(CHAT_SUBJECTS),
    FirstName: b.rng.pick(['Ana', 'Ben', 'Chloe', 'Dev', 'Emil', 'Fatima']),
  });
  b.wait(b.rng.int(100, 900)).udata(id, { Segment: b.rng.pick(['gold', 'silver', 'bronze']) });
  b.wait(b.rng.think(20000, 1000, 300000));
  const agent = acceptBy(b, id, placeOf(b));
  b.wait(b.rng.think(180000, 20000, 1800000)).udata(id, { ChatTranscriptLines: b.rng.int(4, 80) });
  b.wait(b.rng.int(500, 5000));
  finishMultimedia(b, id, agent);
}

/**
 * Email returned to the queue: "for multimedia interactions this event [notcontrolled] will be
 * published when the Interaction Server moves the interaction back into the interaction queue";
 * a later `present` gives the session control again and a second agent finishes it.
 */
function email(b: CallBuilder): void {
  const id = pickMultimedia(b, 'email', 'Email_Inbound', {
    Subject: b.rng.pick(EMAIL_SUBJECTS),
    FromAddress: `customer${b.rng.int(100, 99999)}@example.com`,
  });
  b.wait(b.rng.think(60000, 2000, 900000));
  const first = acceptBy(b, id, placeOf(b));
  b.wait(b.rng.think(120000, 10000, 1200000)).partyDeleted(id, first, 'released');
  b.tick().event(EV.notcontrolled, { interactionid: id });
  b.wait(b.rng.think(90000, 5000, 1800000)).event(EV.present, { interactionid: id });
  b.tick().udata(id, { ReturnedToQueue: 1, PreviousAgent: first.focusresource });
  let second = placeOf(b);
  while (second === first.focusresource) second = placeOf(b);
  b.wait(b.rng.int(500, 4000));
  const agent = acceptBy(b, id, second);
  b.wait(b.rng.think(240000, 20000, 2400000)).udata(id, { ReplySent: 'true' });
  b.wait(b.rng.int(200, 2000));
  finishMultimedia(b, id, agent);
}

/**
 * `associate` hands the call to another session: the target gets added (with the parties and
 * user data so far) and present; the source gets the result, then notcontrolled and deleted.
 */
function associate(b: CallBuilder): void {
  const { sessions } = b.world;
  const source = b.session;
  const others = sessions.filter((s) => s !== source);
  const target = others.length > 0 ? b.rng.pick(others) : `${source}-b`;
  const call = inbound(b);
  ivr(b, call);
  b.wait(b.rng.int(5, 300));
  const requestid = b.action('associate', { interactionid: call.id, sessionid: target });
  b.wait(b.rng.int(20, 90)).event(EV.added, {
    interactionid: call.id,
    media: 'voice',
    type: 'Inbound',
    parties: [{ ...call.caller }, { ...call.routingPoint }],
    udata: { ...call.udata },
  }, target);
  b.tick().event(EV.present, { interactionid: call.id }, target);
  b.tick().done('associate', requestid, { interactionid: call.id }, source);
  b.tick();
  endInSession(b, call.id, source);
  b.session = target;
  b.wait(b.rng.int(100, 1500));
  changeUdata(b, call, { HandledBy: target });
  queueWait(b);
  const agent = routeTo(b, call, agentDn(b.rng));
  talk(b);
  release(b, call.id, [call.caller, agent]);
}

/** A redirect to a DN the switch does not know fails with `invaliddestination`; the retry works. */
function redirectError(b: CallBuilder): void {
  const call = inbound(b);
  ivr(b, call);
  queueWait(b);
  const bad = unknownDn(b);
  const requestid = b.action('redirect', { interactionid: call.id, from: call.routingPoint.focusresource, to: bad });
  b.wait(b.rng.int(40, 160)).error('redirect', requestid, 'invaliddestination', `DN ${bad} is not configured on SIP_Switch`);
  b.wait(b.rng.int(200, 900));
  changeUdata(b, call, { RouteAttempt: 2 });
  b.wait(b.rng.int(100, 600));
  const agent = routeTo(b, call, agentDn(b.rng));
  talk(b);
  release(b, call.id, [call.caller, agent]);
}

/**
 * A request that times out: "this event will be sent as a result of a timeout of the request"
 * with error `unknown`. The strategy gives up and terminates the call.
 */
function timeout(b: CallBuilder): void {
  const call = inbound(b);
  ivr(b, call);
  queueWait(b);
  const dest = agentDn(b.rng);
  const requestid = b.action('redirect', { interactionid: call.id, from: call.routingPoint.focusresource, to: dest });
  b.wait(30000).error('redirect', requestid, 'unknown', 'request timed out after 30000 ms');
  b.tick();
  changeUdata(b, call, { RouteResult: 'timeout', IVRPath: null });
  b.wait(b.rng.int(500, 3000));
  const terminate = b.action('terminate', { interactionid: call.id, reason: 'RouteTimeout' });
  b.wait(b.rng.int(20, 80)).done('terminate', terminate, { interactionid: call.id });
  b.tick();
  release(b, call.id, [call.caller, call.routingPoint]);
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'divert', title: 'Routed from a routing point', weight: 24, build: divert,
    description: 'inbound call queued at a routing point, redirect to an agent (ondivert), answered, released' },
  { name: 'blind-transfer', title: 'Blind transfer', weight: 10, build: blindTransfer,
    description: 'the agent transfers the call in one step (singlesteptransfer, onsinglesteptransfer)' },
  { name: 'consult-transfer', title: 'Consult transfer', weight: 8, build: (b) => consult(b, 'transfer'),
    description: 'caller on hold, consult interaction to a colleague, completed by onmerge with hints type transfer' },
  { name: 'consult-conference', title: 'Consult conference', weight: 5, build: (b) => consult(b, 'conference'),
    description: 'consult interaction completed by onmerge with hints type conference; three parties talk' },
  { name: 'conference', title: 'Single-step conference', weight: 5, build: singleStepConference,
    description: 'a supervisor joins with singlestepconference and is later dropped with clear' },
  { name: 'abandon', title: 'Abandoned in queue', weight: 12, build: (b) => abandonCall(b),
    description: 'the caller hangs up while queued: abandoned, parties released, notcontrolled, deleted' },
  { name: 'chat', title: 'Chat picked and accepted', weight: 10, build: chat,
    description: 'chat picked from an interaction queue, present, accepted by an agent, terminated' },
  { name: 'email', title: 'Email returned to queue', weight: 7, build: email,
    description: 'email picked and accepted, returned to the queue (notcontrolled), present again, accepted by another agent' },
  { name: 'associate', title: 'Associate to another session', weight: 7, build: associate,
    description: 'associate moves the call to another session (source: notcontrolled, deleted; target: added, present)' },
  { name: 'redirect-error', title: 'Redirect to an unknown DN', weight: 7, build: redirectError,
    description: 'redirect fails with invaliddestination, the retry to an agent succeeds' },
  { name: 'timeout', title: 'Request timeout', weight: 5, build: timeout,
    description: 'a redirect gets no answer and fails with error unknown after 30 s; the call is terminated' },
];

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
