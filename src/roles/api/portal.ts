import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '../../platform/index.ts';

/**
 * The portal's security headers. The build has no inline script or style (Vite emits files; React sets
 * styles through the DOM, which CSP allows), so nothing needs 'unsafe-inline'. Fonts and images come from
 * Tinn itself; the page may talk to Tinn's API only; no one may frame it.
 */
export const PORTAL_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

interface PortalFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
  etag: string;
  /** Vite's hashed assets never change under their name. */
  immutable: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Reads a built portal into memory (about 1 MB): every request is then a lookup, compressed once. */
export function loadPortalFiles(distDir: string): Map<string, PortalFile> {
  const files = new Map<string, PortalFile>();
  for (const path of walk(distDir)) {
    const name = '/' + relative(distDir, path).split(sep).join('/');
    if (name === '/build.json') continue;
    const body = readFileSync(path);
    const ext = extname(path).toLowerCase();
    const gzipped = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined;
    files.set(name, {
      body,
      gzipped,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: name.startsWith('/assets/'),
    });
  }
  return files;
}

// Paths the portal never answers: the API and the operational endpoints keep their own 404 (problem+json).
const NOT_PORTAL = /^\/(api|health|metrics|\.well-known)(\/|$)/;

function send(req: FastifyRequest, reply: FastifyReply, file: PortalFile): FastifyReply {
  reply.headers(PORTAL_SECURITY_HEADERS);
  reply.header('content-type', file.type);
  reply.header('etag', file.etag);
  reply.header('vary', 'accept-encoding');
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (file.gzipped && acceptsGzip) {
    reply.header('content-encoding', 'gzip');
    return reply.send(file.gzipped);
  }
  return reply.send(file.body);
}

/**
 * Serves the built portal at `/`: its files by path, and `index.html` for every other page address (the
 * portal routes in the browser), with a strict Content-Security-Policy. Without a build it serves nothing
 * and says so at `/`.
 */
export function registerPortal(app: HttpApp, distDir: string): void {
  const files = existsSync(join(distDir, 'index.html')) ? loadPortalFiles(distDir) : undefined;
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent(req.url.split('?')[0]!);
    if (NOT_PORTAL.test(path)) return reply.callNotFound();
    if (!files) {
      reply.code(503).type('text/plain; charset=utf-8');
      return 'The portal is not built: start Tinn with TINN_PORTAL_BUILD=true (the default), or run `tinn portal build`.\n';
    }
    const file = files.get(path);
    if (file) return send(req, reply, file);
    // A missing asset is a 404, not the page: a stale index.html must not be run as a script.
    if (path.startsWith('/assets/') || extname(path) !== '') return reply.callNotFound();
    return send(req, reply, files.get('/index.html')!);
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}
