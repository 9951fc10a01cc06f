import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LadderBuilder, ladderRows } from './ladder';
import { clockText, ladderText, relativeText } from './ladderText';
import { indexOf, loadTrace, ndjson } from './traceFixture';

const consult = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const failed = loadTrace(readFileSync('public/samples/failed-redirect.ndjson', 'utf8'));

describe('ladderRows', () => {
  it('draws both legs of a consult in one ladder, following the merge from either side', () => {
    for (const start of ['I-1001', 'I-consult']) {
      const ladder = ladderRows(consult.trace, consult.records, [start], 0);
      expect(ladder.interactionIds).toEqual(['I-1001', 'I-consult']);
      expect(ladder.rows.map((r) => r.index)).toEqual(consult.records.map((r) => r.index));
    }
  });

  it('has the session then the resources as columns, in order of appearance', () => {
    const ladder = ladderRows(consult.trace, consult.records, ['I-1001'], 0);
    expect(ladder.columns.map((c) => `${c.kind}:${c.label}`)).toEqual([
      'session:S1', 'resource:+15551230001', 'resource:5000', 'resource:7001', 'resource:7002',
    ]);
  });

  it('draws arrows from the acting party to the target and notes for state changes', () => {
    const ladder = ladderRows(consult.trace, consult.records, ['I-1001'], 0);
    const col = (label: string) => ladder.columns.findIndex((c) => c.label === label);
    const row = (name: string) => ladder.rows.find((r) => r.name === name)!;
    expect(row('interaction.ondivert')).toMatchObject({ kind: 'arrow', from: col('5000'), to: col('7001'), text: 'divert P2 → 7001' });
    expect(row('redirect')).toMatchObject({ kind: 'arrow', from: col('S1'), to: col('7001'), text: 'redirect R1 to 7001' });
    expect(row('interaction.redirect.done')).toMatchObject({ kind: 'arrow', from: col('7001'), to: col('S1'), text: 'redirect done R1 (41 ms)' });
    expect(row('interaction.onmerge')).toMatchObject({ kind: 'arrow', from: col('7002'), to: col('+15551230001'), text: 'merge (transfer) I-consult → I-1001', interactionId: 'I-1001' });
    expect(row('interaction.partyadded')).toMatchObject({ kind: 'note', from: col('7001'), to: col('7001'), text: 'P3 added (ringing)', state: 'ringing' });
  });

  it('puts the cursor on the row of the record at the cursor, or the last one before it', () => {
    const merge = indexOf(consult.records, 'interaction.onmerge');
    expect(ladderRows(consult.trace, consult.records, ['I-1001'], merge).cursorRow).toBe(merge);
    const single = ladderRows(failed.trace, failed.records, ['I-3001'], -1);
    expect(single.cursorRow).toBe(-1);
  });

  it('marks a failed request and its error result', () => {
    const ladder = ladderRows(failed.trace, failed.records, ['I-3001'], 0);
    const errors = ladder.rows.filter((r) => r.error).map((r) => r.text);
    expect(errors).toEqual(['redirect R-21 to 9999', 'redirect failed R-21: invaliddestination DN 9999 is not configured on SIP_Switch']);
    const col = (label: string) => ladder.columns.findIndex((c) => c.label === label);
    expect(ladder.rows.find((r) => r.name === 'error.interaction.redirect')).toMatchObject({ from: col('9999'), to: col('S3') });
  });
});

describe('ladderText', () => {
  it('renders the consult-transfer ladder as the expected ticket text', () => {
    const text = ladderText(ladderRows(consult.trace, consult.records, ['I-1001'], 0));
    expect(text).toBe(readFileSync('e2e/fixtures/ladder-consult-transfer.txt', 'utf8'));
  });

  it('draws arrows both ways and notes on the lifelines', () => {
    const lines = ladderText(ladderRows(failed.trace, failed.records, ['I-3001'], 0)).split('\n');
    const request = lines.find((l) => l.includes('redirect R-22'))!;
    const result = lines.find((l) => l.includes('redirect done R-22'))!;
    expect(request).toMatch(/\|-+>\|/);
    expect(result).toMatch(/\|<-+\|/);
    expect(lines.find((l) => l.includes('! redirect failed R-21'))).toBeDefined();
    expect(lines.find((l) => l.includes('P3 added (ringing)'))).toMatch(/\*/);
  });

  it('formats clock and relative times in UTC with milliseconds', () => {
    expect(clockText(Date.parse('2026-11-24T10:00:52.016Z'))).toBe('10:00:52.016');
    expect(clockText(null)).toBe('--:--:--.---');
    expect(relativeText(1052016, 1000000)).toBe('52.016');
    expect(relativeText(null, 0)).toBe('-');
  });
});

describe('LadderBuilder', () => {
  it('reads a call in slices into the ladder one pass makes', () => {
    const lines: Record<string, unknown>[] = [
      { name: 'interaction.added', data: { interactionid: 'BIG', media: 'voice', parties: [{ partyid: 'P1', focusresource: '+1555', partystate: 'established' }] } },
    ];
    for (let i = 0; i < 2600; i++) {
      lines.push({ name: 'interaction.partystatechanged', data: { interactionid: 'BIG', partyid: `P${2 + (i % 7)}`, focusresource: String(7000 + (i % 7)), partystate: i % 2 ? 'held' : 'established' } });
    }
    const big = loadTrace(ndjson(lines));
    const whole = ladderRows(big.trace, big.records, ['BIG'], 1300);
    const builder = new LadderBuilder(big.trace, big.records, ['BIG']);
    expect(builder.total).toBe(2601);
    let slices = 0;
    const progress: number[] = [];
    while (!builder.build(() => false)) {
      slices++;
      progress.push(builder.done);
      expect(() => builder.ladder(0)).toThrow();
    }
    expect(slices).toBe(5);
    expect(progress).toEqual([500, 1000, 1500, 2000, 2500]);
    expect(builder.complete).toBe(true);
    expect(builder.ladder(1300)).toEqual(whole);
    expect(whole.cursorRow).toBe(1300);
    expect(builder.ladder(-1).cursorRow).toBe(-1);
    expect(builder.ladder(99_999).cursorRow).toBe(2600);
    expect(whole.columns.map((c) => c.label)).toEqual(['S1', '+1555', '7000', '7001', '7002', '7003', '7004', '7005', '7006']);
  });
});

