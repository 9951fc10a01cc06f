import { describe, expect, it } from 'vitest';
import { isLoopback, originAllowed, presentedToken } from './access';

describe('access policy', () => {
  const open = { token: null, allowOrigins: [] };
  it('lets programs (no Origin) and loopback pages in without a token', () => {
    expect(originAllowed(undefined, open)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5173', open)).toBe(true);
    expect(originAllowed('http://localhost:4173', open)).toBe(true);
  });
  it('keeps other web pages out unless named or a token is required', () => {
    expect(originAllowed('https://evil.example', open)).toBe(false);
    expect(originAllowed('null', open)).toBe(false);
    expect(originAllowed('https://app.example', { token: null, allowOrigins: ['https://app.example'] })).toBe(true);
    expect(originAllowed('https://evil.example', { token: 't', allowOrigins: [] })).toBe(true);
  });
  it('reads the token from a bearer header before the query', () => {
    expect(presentedToken('Bearer abc', new URLSearchParams('token=q'))).toBe('abc');
    expect(presentedToken(undefined, new URLSearchParams('token=q'))).toBe('q');
    expect(presentedToken(undefined, new URLSearchParams(''))).toBeNull();
  });
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true]);
    expect(['10.0.0.1', undefined].map(isLoopback)).toEqual([false, false]);
  });
});
