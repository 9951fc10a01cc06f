import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { checkLiveUrl, liveUrlFromSearch, readViewerQuery, redactToken, resumeUrl } from './urls';

describe('viewer query', () => {
  it('reads since, stream and token', () => {
    expect(readViewerQuery(new URLSearchParams('since=12&stream=ab&token=t'))).toEqual({ since: 12, stream: 'ab', token: 't' });
    expect(readViewerQuery(new URLSearchParams(''))).toEqual({ since: null, stream: null, token: null });
  });
  it('refuses a since that is not a seq', () => {
    expect(readViewerQuery(new URLSearchParams('since=-1'))).toHaveProperty('error');
    expect(readViewerQuery(new URLSearchParams('since=1e3'))).toHaveProperty('error');
  });
});

describe('resumeUrl', () => {
  it('sets since and stream and keeps the token', () => {
    expect(resumeUrl('ws://127.0.0.1:8790/?token=t', 41, 's1')).toBe('ws://127.0.0.1:8790/?token=t&since=41&stream=s1');
    expect(resumeUrl('ws://127.0.0.1:8790/?since=5&stream=x', 0, null)).toBe('ws://127.0.0.1:8790/');
  });
});

describe('app URL', () => {
  it('takes ?ws= and adds &token= to it', () => {
    expect(liveUrlFromSearch('?ws=ws://127.0.0.1:8799')).toEqual({ url: 'ws://127.0.0.1:8799/' });
    expect(liveUrlFromSearch('?ws=ws://127.0.0.1:8799&token=s3')).toEqual({ url: 'ws://127.0.0.1:8799/?token=s3' });
    expect(liveUrlFromSearch('?x=1')).toBeNull();
    expect(liveUrlFromSearch('?ws=http://evil')).toHaveProperty('error');
  });
  it('accepts host:port and refuses other schemes', () => {
    expect(checkLiveUrl('127.0.0.1:8790')).toEqual({ url: 'ws://127.0.0.1:8790/' });
    expect(checkLiveUrl('javascript://x')).toHaveProperty('error');
  });
  it('hides the token', () => {
    expect(redactToken('ws://h:1/?token=secret&since=2')).toBe('ws://h:1/?token=•••&since=2');
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap and stays within half..full of the nominal delay', () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 1)).toBe(500);
    expect(backoffDelay(3, 0.5)).toBe(3000);
    expect(backoffDelay(20, 1)).toBe(15_000);
    expect(backoffDelay(20, 0)).toBe(7_500);
  });
});
