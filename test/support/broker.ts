// The demo broker service 5003 uses the service owner's rights register (SRR): TTD lets the sender send and
// the recipients receive before a test's transfers can start.
import assert from 'node:assert/strict';
import type { HttpApp } from '../../src/platform/index.ts';
import { TTD_KEY } from './correspondence.ts';

/** As TTD, allows `senders` Write and `recipients` Read on broker service 5003 (edition 1). */
export async function allowOnBrokerService(app: Pick<HttpApp, 'inject'>, senders: readonly string[], recipients: readonly string[]): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/serviceowner/srr',
    headers: { apikey: TTD_KEY },
    remoteAddress: '127.0.0.1',
    payload: {
      serviceCode: '5003',
      serviceEditionCode: 1,
      rights: [...senders.map((reportee) => ({ reportee, right: 'Write' })), ...recipients.map((reportee) => ({ reportee, right: 'Read' }))],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
}
