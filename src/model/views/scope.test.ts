import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastPartyRecord, partiesNamed, viewScope, withMerged } from './scope';
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
