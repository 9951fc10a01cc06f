import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexRequests, lastPartyRecord, partiesNamed, requestsOf, viewScope, withMerged } from './scope';
import { indexOf, loadTrace } from './traceFixture';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));

describe('view scope', () => {
  it('follows merge links both ways', () => {
    expect(withMerged(consult.trace, ['I-consult'])).toEqual(['I-1001', 'I-consult']);
    expect(withMerged(consult.trace, ['nope'])).toEqual([]);
  });

  it('shows every interaction when nothing is selected and there are few', () => {
    expect(viewScope(consult.trace, null)).toEqual({ ids: ['I-1001', 'I-consult'], tooMany: false, total: 2 });
    expect(viewScope(consult.trace, null, 2)).toEqual({ ids: [], tooMany: true, total: 2 });
  });
});

describe('party records', () => {
  it('reads the parties a record names, including those of interaction.added', () => {
    expect(partiesNamed(consult.records[0])).toEqual(['P1', 'P2']);
    expect(partiesNamed(consult.records[indexOf(consult.records, 'interaction.onmerge')])).toEqual(['P5', 'P1']);
  });

  it('finds the last record of a party at or before the cursor, else its last record', () => {
    const hold = indexOf(consult.records, 'interaction.partystatechanged', 8);
    expect(lastPartyRecord(consult.trace, consult.records, 'I-1001', 'P1', hold + 1)).toBe(hold);
    expect(lastPartyRecord(consult.trace, consult.records, 'I-1001', 'P6', 3)).toBe(consult.records.filter((r) => r.data.partyid === 'P6').at(-1)!.index);
    expect(lastPartyRecord(consult.trace, consult.records, 'I-1001', 'P9', 3)).toBe(-1);
  });
});

describe('requests by interaction', () => {
  it('reads the requests in steps while asked to, and gives what one reading gives', () => {
    const { trace } = loadTrace(readFileSync('public/samples/mixed-10k.ndjson', 'utf8'));
    expect(trace.requests.length).toBeGreaterThan(900);
    const ids = [...new Set(trace.requests.map((r) => r.interactionid).filter((id): id is string => id !== null))];
    const expected = (id: string) => trace.requests.flatMap((r, i) => (r.interactionid === id ? [i] : []));
    // No time to spare: one step per call, until every request is read.
    let calls = 0;
    while (!indexRequests(trace, () => false, 100)) calls++;
    expect(calls).toBe(Math.ceil(trace.requests.length / 100) - 1);
    expect(indexRequests(trace, () => false, 100)).toBe(true);
    for (const id of [ids[0], ids[Math.floor(ids.length / 2)], ids.at(-1)!]) expect(requestsOf(trace, [id])).toEqual(expected(id));
    // A later request is read when asked for, without an indexing step in between.
    const copy = { ...trace, requests: trace.requests.slice(0, 500) };
    expect(indexRequests(copy, () => false, 100)).toBe(false);
    expect(requestsOf(copy, [ids[0]])).toEqual(expected(ids[0]).filter((i) => i < 500));
    copy.requests.push(...trace.requests.slice(500));
    expect(requestsOf(copy, [ids.at(-1)!])).toEqual(expected(ids.at(-1)!));
  });
});
