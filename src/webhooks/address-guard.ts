import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Where webhooks may go (issue 18): https:// only; never a private, link-local, metadata or other
// special address, checked on the address the name resolves to when a delivery connects (the
// HTTP agents' `lookup`), so a name cannot resolve to a public address when checked and a private
// one when used (DNS rebinding). Loopback only when WEBHOOKS_ALLOW_LOOPBACK=true.

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const NEVER = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NEVER.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['64:ff9b::', 96], // NAT64 (reaches IPv4 space)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (incl. fd00:ec2::254, a metadata address)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NEVER.addSubnet(net, bits, 'ipv6');

/** Why a delivery may not connect to this address, or null when it may. */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  const family = isIP(address);
  if (!family) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // IPv4-mapped / -compatible IPv6 addresses are checked as the IPv4 address they carry
  const mapped = type === 'ipv6' ? /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return refusedAddress(mapped, allowLoopback);
  if (type === 'ipv6' && /^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/i.test(address)) return `${address} is an IPv4-mapped address`;
  if (LOOPBACK.check(address, type)) return allowLoopback ? null : `${address} is a loopback address (set WEBHOOKS_ALLOW_LOOPBACK=true to allow it)`;
  if (NEVER.check(address, type)) return `${address} is a private, link-local, metadata or reserved address`;
  return null;
}

/** The URL's problem for a webhook endpoint (scheme, credentials, literal address), or null. Names are checked when they resolve. */
export function refusedUrl(raw: string, allowLoopback: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (raw.length > 2048) return 'must be at most 2048 characters';
  if (u.username || u.password) return 'must not carry credentials';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (u.protocol !== 'https:') {
    if (!(u.protocol === 'http:' && allowLoopback && (host === 'localhost' || (isIP(host) && !!LOOPBACK.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6')))))
      return 'must start with https:// (http:// only to loopback when WEBHOOKS_ALLOW_LOOPBACK=true)';
  }
  if (isIP(host)) return refusedAddress(host, allowLoopback);
  if (host === 'localhost') return allowLoopback ? null : 'localhost is a loopback address (set WEBHOOKS_ALLOW_LOOPBACK=true to allow it)';
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/http agents: resolves the name, refuses it when any address is not allowed,
 * and hands the connection the addresses it checked (so what is checked is what is used).
 */
export function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number } | number, callback: LookupCallback) => {
    const opts = typeof options === 'number' ? { family: options } : (options ?? {});
    dnsLookup(hostname, { all: true, family: opts.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const why = refusedAddress(a.address, allowLoopback);
        if (why) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${why}`), { code: 'EADDRREFUSED' }), []);
      }
      if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (opts.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
