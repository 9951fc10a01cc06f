import { describe, expect, it } from 'vitest';
import { admitMessage, RecordDoor, stampSeq } from './door';

describe('admitMessage', () => {
  it('accepts records and refuses bad lines with their line number and the parser reason', () => {
    const text = [
      '{"name":"interaction.added","data":{"interactionid":"I1"}}',
      'not json',
      '# a comment',
      '{"data":{}}',
      '[1]',
      '{"action":"ixn:redirect","data":{"requestid":"R1"}}',
    ].join('\n');
    const out = admitMessage(text, 1 << 20);
    expect(out.records.map((r) => r.record.name ?? r.record.action)).toEqual(['interaction.added', 'ixn:redirect']);
    expect(out.rejected.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(out.rejected[0].reason).toMatch(/^parse-error: not valid JSON/);
    expect(out.rejected[1].reason).toMatch(/^missing-name: /);
    expect(out.rejected[2].reason).toMatch(/^parse-error: JSON value is an array/);
  });

  it('refuses an empty name and a line longer than the limit', () => {
    const out = admitMessage(`{"name":""}\n{"name":"x","pad":"${'a'.repeat(100)}"}\n{"name":"ok"}`, 50);
    expect(out.records).toEqual([{ record: { name: 'ok' }, text: '{"name":"ok"}' }]);
    expect(out.rejected.map((r) => r.line)).toEqual([1, 2]);
  });

  it('reads a body split across chunks', () => {
    const door = new RecordDoor('publish', 1 << 20);
    const a = door.push('{"name":"a"}\n{"na');
    const b = door.push('me":"b"}\n{"name":"c"}');
    const c = door.end();
    const all = [...a.records, ...b.records, ...c.records];
    expect(all.map((r) => r.record.name)).toEqual(['a', 'b', 'c']);
    expect(all.map((r) => r.text)).toEqual(['{"name":"a"}', '{"name":"b"}', '{"name":"c"}']);
  });

  it('keeps each accepted line as sent (exact digits, spacing inside) and reads arrays without it', () => {
    const out = admitMessage('\ufeff  {"name":"x", "data":{"id":12345678901234567890}}\r\n\n{"name":"y"}', 1 << 20);
    expect(out.records.map((r) => r.text)).toEqual(['{"name":"x", "data":{"id":12345678901234567890}}', '{"name":"y"}']);
    expect(stampSeq(out.records[0].record, 4, out.records[0].text)).toBe('{"seq":4,"name":"x", "data":{"id":12345678901234567890}}');
    const arr = admitMessage('[{"name":"a"},{"name":"b"}]', 1 << 20);
    expect(arr.records.map((r) => [r.record.name, r.text])).toEqual([['a', null], ['b', null]]);
  });

  it('does not keep the text of a line longer than the limit across chunks', () => {
    const door = new RecordDoor('publish', 20);
    const a = door.push('{"name":"aaaaaaaaaa');
    const b = door.push('aaaaaaaaaaaaaaaa"}\n{"name":"ok"}\n');
    expect([...a.records, ...b.records].map((r) => r.text)).toEqual(['{"name":"ok"}']);
    expect(b.rejected.map((r) => r.line)).toEqual([1]);
  });
});

describe('stampSeq', () => {
  it('puts seq first and keeps every field', () => {
    expect(stampSeq({ name: 'x', data: { a: 1 } }, 7)).toBe('{"seq":7,"name":"x","data":{"a":1}}');
    expect(stampSeq({}, 1)).toBe('{"seq":1}');
  });

  it('keeps a seq the record already had as originalSeq', () => {
    expect(JSON.parse(stampSeq({ seq: 99, name: 'x' }, 3))).toEqual({ seq: 3, name: 'x', originalSeq: 99 });
  });
});
