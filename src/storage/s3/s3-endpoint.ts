import { SkiffError } from '../../errors/index.js';

/** An S3 endpoint as the client uses it. */
export interface S3Endpoint {
  /** `http://host[:port]` or `https://host[:port]`, without path; IPv6 hosts in brackets. */
  readonly url: string;
  readonly secure: boolean;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/**
 * Normalize a configured endpoint (`host`, `host:port`, `[::1]:9000`, `::1`, `http://host:port`,
 * `https://host`) to a URL. `secure` picks TLS when the endpoint has no scheme; a scheme wins
 * over it. Anything else (paths, queries, user info, bad ports, other schemes) fails with
 * SKIFF_STORAGE_BAD_URI.
 */
export function normalizeS3Endpoint(endpoint: string, secure: boolean): S3Endpoint {
  const text = endpoint.trim();
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw badEndpoint(endpoint, `has scheme "${scheme}://"; only http:// and https:// are S3 endpoints`);
  }
  const useTls = scheme === undefined ? secure : scheme === 'https';
  const hostPart = scheme === undefined ? bracketBareIpv6(text) : text.slice(scheme.length + 3);
  if (hostPart === '' || /[\s/?#@\\]/.test(hostPart.replace(/\/+$/, ''))) {
    throw badEndpoint(endpoint, 'must be a host with an optional port, without path, query or user');
  }
  let url: URL;
  try {
    url = new URL(`${useTls ? 'https' : 'http'}://${hostPart.replace(/\/+$/, '')}`);
  } catch (cause) {
    throw badEndpoint(endpoint, 'is not a valid host[:port] (port 1-65535)', cause);
  }
  if (url.hostname === '' || url.port === '0') throw badEndpoint(endpoint, 'has no host or a zero port');
  return { url: `${url.protocol}//${url.host}`, secure: useTls };
}

/** `::1` or `fe80::1` (two or more colons, no brackets) is an IPv6 literal without a port. */
function bracketBareIpv6(text: string): string {
  return !text.startsWith('[') && (text.match(/:/g) ?? []).length >= 2 ? `[${text}]` : text;
}

function badEndpoint(endpoint: string, rule: string, cause?: unknown): SkiffError {
  return new SkiffError('SKIFF_STORAGE_BAD_URI', `S3 endpoint ${JSON.stringify(endpoint)} ${rule}`, {
    fix: 'Write the endpoint as host, host:port, [ipv6]:port, http://host:port or https://host (e.g. minio.example.com:9000).',
    cause,
  });
}
