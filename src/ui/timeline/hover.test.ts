import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lanes } from '../../model/views/lanes';
import { loadTrace } from '../../model/views/traceFixture';
import { AXIS_H, LANE_H } from './draw';
import { hoverText, laneAtY, selectionRange } from './hover';

const { trace, records } = loadTrace(readFileSync('public/samples/consult-transfer.ndjson', 'utf8'));
const model = lanes(trace, records);
const ms = (iso: string) => Date.parse(iso);

describe('timeline hover and selection', () => {
  it('finds the lane under a point, accounting for the axis and the scroll', () => {
    expect(laneAtY({ model, scrollTop: 0 }, AXIS_H - 1)).toBe(-1);
    expect(laneAtY({ model, scrollTop: 0 }, AXIS_H + LANE_H + 1)).toBe(1);
    expect(laneAtY({ model, scrollTop: LANE_H * 2 }, AXIS_H + 1)).toBe(2);
    expect(laneAtY({ model, scrollTop: 0 }, AXIS_H + LANE_H * 50)).toBe(-1);
  });

  it('describes the event, the state segment or the request under the pointer', () => {
    const hold = records.findIndex((r) => r.data.partystate === 'hold');
    expect(hoverText(model, records, 1, { index: hold, time: ms('2026-11-24T10:00:31.000Z') }, 0)).toBe(
      '#10  10:00:31.000  interaction.partystatechanged partyid=P1 focusresource=+15551230001 partystate=hold\nP1 +15551230001',
    );
    expect(hoverText(model, records, 1, null, ms('2026-11-24T10:00:40.000Z'))).toBe('P1 +15551230001: hold\n10:00:31.000 → 10:00:52.045 (21.045 s)');
    expect(hoverText(model, records, 0, null, ms('2026-11-24T10:00:01.520Z'))).toBe('redirect R1: done in 41 ms\nsent 10:00:01.500 (#3)');
    expect(hoverText(model, records, 2, null, ms('2026-11-24T10:01:00.000Z'))).toBeNull();
  });

  it('spans the selected interaction, or only the selected party', () => {
    expect(selectionRange(model, 'I-consult', null)).toEqual({ start: ms('2026-11-24T10:00:31.020Z'), end: ms('2026-11-24T10:00:52.016Z') });
    expect(selectionRange(model, 'I-1001', 'P3')).toEqual({ start: ms('2026-11-24T10:00:01.560Z'), end: ms('2026-11-24T10:00:52.030Z') });
    expect(selectionRange(model, 'nope', null)).toBeNull();
  });
});
