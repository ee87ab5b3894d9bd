import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from './log.ts';

describe('logger', () => {
  it('writes JSON lines and never the secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        req: { headers: { authorization: 'Bearer abc.def', cookie: 'tinn_session=s3cr3t', apikey: 'tinn_so_k3y', 'x-request-id': 'r1' } },
        body: { password: 'hunter2', newPassword: 'hunter3', username: 'kari', systemPassword: 'sys-pw9', userPassword: 'usr-pw9', userPinCode: '424242' },
        config: { db: { url: 'postgres://u:pw@h/db' } },
      },
      'login attempt',
    );
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.msg, 'login attempt');
    assert.equal(entry.level, 30);
    assert.equal(entry.body.username, 'kari');
    assert.equal(entry.req.headers['x-request-id'], 'r1');
    for (const secret of ['abc.def', 's3cr3t', 'tinn_so_k3y', 'hunter2', 'hunter3', 'sys-pw9', 'usr-pw9', '424242', 'pw@h']) assert.ok(!lines[0]!.includes(secret), secret);
  });
});
