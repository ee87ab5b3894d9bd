import { BlockList, isIP } from 'node:net';
import { AppError } from './errors/errors.ts';
import { PlatformProblems } from './errors/platform-problems.ts';

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as Node reports IPv4 clients on dual-stack sockets) as plain IPv4. */
function unmap(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * A CIDR block (`10.0.0.0/8`, `2001:db8::/32`; a bare address means just that address) in canonical form;
 * PLAT-00019 when it is not one.
 */
export function normalizeCidr(cidr: string): string {
  const [address = '', prefixText, extra] = cidr.trim().split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
    throw new AppError(PlatformProblems.invalidCidr, { detail: `not an IP address or CIDR block: ${JSON.stringify(cidr)}` });
  }
  return `${address.toLowerCase()}/${prefix}`;
}

/** True when `address` lies in one of the CIDR blocks (normalized with `normalizeCidr`). An empty list allows nothing. */
export function isAddressAllowed(address: string, cidrs: readonly string[]): boolean {
  const ip = unmap(address);
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const [net, prefix] = c.split('/') as [string, string];
    const f = isIP(net);
    list.addSubnet(net, Number(prefix), f === 6 ? 'ipv6' : 'ipv4');
  }
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}
