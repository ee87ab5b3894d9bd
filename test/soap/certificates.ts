// Enterprise certificates for the TLS listener's tests: a CA, a server certificate and client certificates
// made by openssl in a temporary directory, and a SOAP 1.2 request over TLS presenting one of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TTD = '310000108';
export const FJORDLYS = '310000116';

export interface Pem {
  key: string;
  cert: string;
}

/** A CA, a server certificate for 127.0.0.1 and client certificates, made by openssl in a temporary directory. */
export function makeCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'tinn-certs-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string): Pem => {
    ssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  const issue = (name: string, subject: string, by: string, ext?: string): Pem => {
    ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    if (ext) writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${by}.pem`, '-CAkey', `${by}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...(ext ? ['-extfile', `${name}.ext`] : []));
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  const authority = ca('Tinn Test CA');
  const stranger = ca('Another CA');
  return {
    ca: authority.cert,
    server: issue('server', '/CN=127.0.0.1', 'Tinn Test CA', 'subjectAltName=IP:127.0.0.1\n'),
    // eIDAS style: organizationIdentifier NTRNO-<orgno>.
    ttd: issue('ttd', `/C=NO/O=Testdepartementet/organizationIdentifier=NTRNO-${TTD}/CN=TTD arkiv`, 'Tinn Test CA'),
    // Older style: the orgno as serialNumber.
    fjordlys: issue('fjordlys', `/C=NO/O=Fjordlys Regnskap AS/serialNumber=${FJORDLYS}/CN=Fjordlys`, 'Tinn Test CA'),
    foreign: issue('foreign', `/C=NO/O=Testdepartementet/organizationIdentifier=NTRNO-${TTD}/CN=forged`, 'Another CA'),
    noOrgno: issue('no-orgno', '/C=NO/O=Somebody/CN=somebody', 'Tinn Test CA'),
    stranger,
  };
}

export interface TlsResponse {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** A request to the TLS listener on `port` presenting `client` (or no certificate): GET without a body, else a SOAP 1.2 POST. */
export function tlsCall(port: number, ca: string, path: string, client: Pem | undefined, body?: string, action = ''): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        ca,
        ...(client ? { key: client.key, cert: client.cert } : {}),
        headers: body === undefined ? {} : { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
