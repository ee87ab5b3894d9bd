import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from './errors/errors.ts';
import { isAddressAllowed, normalizeCidr } from './net.ts';

describe('IP allow-lists', () => {
  it('normalizes addresses and CIDR blocks, refusing anything else with PLAT-00019', () => {
    assert.equal(normalizeCidr(' 10.0.0.0/8 '), '10.0.0.0/8');
    assert.equal(normalizeCidr('127.0.0.1'), '127.0.0.1/32');
    assert.equal(normalizeCidr('2001:DB8::/32'), '2001:db8::/32');
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'example.org', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x', '']) {
      assert.throws(() => normalizeCidr(bad), (e) => isAppError(e) && e.problem.code === 'PLAT-00019', bad);
    }
  });

  it('matches IPv4, IPv4-mapped IPv6 and IPv6 clients, and allows nothing with an empty list', () => {
    assert.equal(isAddressAllowed('10.1.2.3', ['10.0.0.0/8']), true);
    assert.equal(isAddressAllowed('::ffff:10.1.2.3', ['10.0.0.0/8']), true);
    assert.equal(isAddressAllowed('11.1.2.3', ['10.0.0.0/8', '192.168.1.7/32']), false);
    assert.equal(isAddressAllowed('192.168.1.7', ['10.0.0.0/8', '192.168.1.7/32']), true);
    assert.equal(isAddressAllowed('::1', ['::1/128']), true);
    assert.equal(isAddressAllowed('2001:db8::5', ['2001:db8::/32']), true);
    assert.equal(isAddressAllowed('10.0.0.1', []), false);
    assert.equal(isAddressAllowed('not-an-ip', ['0.0.0.0/0']), false);
  });
});
