import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextInWindow, parseDaytimeWindow } from './daytime-window.ts';

describe('the SMS daytime window', () => {
  const oslo = parseDaytimeWindow('08-21', 'Europe/Oslo')!;
  const at = (iso: string) => nextInWindow(new Date(iso), oslo).toISOString();

  it('lets an SMS inside the window go at once', () => {
    assert.equal(at('2026-11-24T07:00:00.000Z'), '2026-11-24T07:00:00.000Z'); // 08:00 in Oslo (UTC+1)
    assert.equal(at('2026-11-24T19:59:59.000Z'), '2026-11-24T19:59:59.000Z'); // 20:59:59
  });

  it('holds one from the evening until the next morning, and one from the early morning until the start', () => {
    assert.equal(at('2026-11-24T20:00:00.000Z'), '2026-11-25T07:00:00.000Z'); // 21:00 → 08:00 next day
    assert.equal(at('2026-11-24T22:37:12.345Z'), '2026-11-25T07:00:00.000Z');
    assert.equal(at('2026-11-24T03:15:00.000Z'), '2026-11-24T07:00:00.000Z'); // 04:15 → 08:00
  });

  it('starts at 08:00 wall-clock time across a daylight-saving change', () => {
    // The night to 29 March 2026 the clock goes from 02:00 to 03:00 (UTC+1 → UTC+2).
    assert.equal(at('2026-03-28T21:30:00.000Z'), '2026-03-29T06:00:00.000Z');
    // The night to 25 October 2026 it goes back from 03:00 to 02:00 (UTC+2 → UTC+1).
    assert.equal(at('2026-10-24T20:30:00.000Z'), '2026-10-25T07:00:00.000Z');
  });

  it('changes nothing without a window', () => {
    assert.equal(nextInWindow(new Date('2026-11-24T23:00:00Z'), undefined).toISOString(), '2026-11-24T23:00:00.000Z');
  });
});
