import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encode, recordsFrame, seqOf } from './protocol';

describe('decodeServerFrame', () => {
  it('reads a records batch built from pre-serialised records', () => {
    const frame = recordsFrame(['{"seq":1,"name":"interaction.added"}', '{"seq":2,"action":"redirect"}']);
    const m = decodeServerFrame(frame);
    expect(m).toEqual({ type: 'records', records: [{ seq: 1, name: 'interaction.added' }, { seq: 2, action: 'redirect' }] });
  });

  it('reads hello, gap, error and end', () => {
    expect(decodeServerFrame(encode({ type: 'hello', server: 'ixnscope relay', stream: 's1', lastSeq: 5, oldestSeq: 1, resumed: true, since: 3 }))).toEqual({
      type: 'hello', server: 'ixnscope relay', stream: 's1', lastSeq: 5, oldestSeq: 1, resumed: true, since: 3,
    });
    expect(decodeServerFrame('{"type":"gap","after":2,"oldestSeq":10,"lost":7,"reason":"r"}')).toMatchObject({ type: 'gap', lost: 7 });
    expect(decodeServerFrame('{"type":"error","reason":"no","code":"unauthorized"}')).toEqual({ type: 'error', reason: 'no', code: 'unauthorized' });
    expect(decodeServerFrame('{"type":"end","lastSeq":31}')).toEqual({ type: 'end', lastSeq: 31 });
  });

  it('hands records and non-JSON text back as lines for the trace parser', () => {
    expect(decodeServerFrame('{"name":"interaction.added","type":"records"}')).toEqual({ type: 'lines', text: '{"name":"interaction.added","type":"records"}' });
    expect(decodeServerFrame('{"name":"a"}\n{"name":"b"}')).toMatchObject({ type: 'lines' });
    expect(decodeServerFrame('[1,2]')).toMatchObject({ type: 'lines' });
  });

  it('refuses malformed control messages with a reason', () => {
    expect(decodeServerFrame('{"type":"records","records":{}}')).toMatchObject({ type: 'invalid' });
    expect(decodeServerFrame('{"type":"records","records":[1]}')).toMatchObject({ type: 'invalid' });
    expect(decodeServerFrame('{"type":"hello"}')).toMatchObject({ type: 'invalid' });
    expect(decodeServerFrame('{"type":"bogus"}')).toEqual({ type: 'invalid', reason: 'unknown message type "bogus"' });
  });

  it('takes only positive safe integers as seq', () => {
    expect(seqOf({ seq: 4 })).toBe(4);
    expect(seqOf({ seq: 0 })).toBeNull();
    expect(seqOf({ seq: '4' } as unknown as { seq: number })).toBeNull();
    expect(seqOf({ seq: 1.5 })).toBeNull();
    expect(seqOf({})).toBeNull();
  });
});
