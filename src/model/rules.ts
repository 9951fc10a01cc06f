/**
 * The validator's rules (trace-format.md section 3): id, severity, what it means and the spec
 * rule behind it. The reducer checks them in its single pass; the CLI, the Problems panel and
 * the docs read their descriptions here.
 */
import { RULE_SEVERITY, type RuleId, type Severity } from './types';

export interface RuleSpec {
  id: RuleId;
  severity: Severity;
  /** When it fires, in a few words. */
  when: string;
  /** The platform or format rule behind it. */
  why: string;
}

function rule(id: RuleId, when: string, why: string): RuleSpec {
  return { id, severity: RULE_SEVERITY[id], when, why };
}

export const RULES: readonly RuleSpec[] = [
  rule('parse-error', 'a line is not JSON, or not a JSON object', 'each NDJSON line holds one JSON object'),
  rule('missing-name', 'a record has neither name nor action', 'a record is an event (name) or an action (action)'),
  rule('missing-attribute', 'an event lacks an attribute the spec lists for it', 'all attributes but hints and description are sent with the event'),
  rule('unknown-event', 'an interaction.* / error.interaction.* name the spec does not define', 'the interaction interface defines a fixed set of events'),
  rule('unknown-action', 'an action the spec does not define', 'actions: terminate, redirect, associate, pick, accept, clear, singlesteptransfer, singlestepconference'),
  rule('unknown-interaction', 'an event names an interaction never added in its session', 'interaction.added publishes an interaction to the session before anything else about it'),
  rule('after-deleted', 'an event or action names an interaction after interaction.deleted in that session', 'after deleted, accessing _genesys.ixn.interactions[id] is a runtime error'),
  rule('deleted-without-notcontrolled', 'interaction.deleted after present with no notcontrolled between', 'the platform publishes interaction.notcontrolled before interaction.deleted'),
  rule('action-after-notcontrolled', 'an action after interaction.notcontrolled', 'attempts to control the interaction after notcontrolled result in runtime errors'),
  rule('action-before-present', 'an action before interaction.present', 'actions before present can result in runtime errors'),
  rule('duplicate-added', 'interaction.added for an interaction the session already holds', 'added means newly associated with the session'),
  rule('unknown-party', 'an event names a party the interaction does not have', 'parties come from interaction.added or partyadded'),
  rule('undocumented-error', 'an error value the spec does not list for that action', 'each error.interaction.<action> documents its values'),
  rule('duplicate-requestid', 'two actions with one requestid in one session', 'results are paired with requests by requestid'),
  rule('pending-request', 'an action with no result by the end of the trace', 'every request gets .done or error (a timeout is error unknown)'),
  rule('unmatched-result', 'a result that matches no unanswered action', 'results answer requests of their own session'),
  rule('time-regression', 'a ts earlier than the record before it in the same file', 'a session receives events in time order'),
  rule('bad-timestamp', 'a ts that is neither ISO-8601 nor epoch milliseconds', 'ts is an ISO-8601 string or epoch milliseconds'),
];

export const RULE_BY_ID: ReadonlyMap<RuleId, RuleSpec> = new Map(RULES.map((r) => [r.id, r]));
