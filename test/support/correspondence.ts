// The test agency (TTD) sending correspondence the way its archive system does: REST with the demo API key
// from a loopback address, on the demo correspondence service 5005.
import assert from 'node:assert/strict';
import type { HttpApp } from '../../src/platform/index.ts';

/** The demo world's API key of TTD's archive system (TTD_ARKIV). */
export const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';

/**
 * POSTs a correspondence on service 5005 for `reportee` as TTD; `payload` adds to or replaces the request's
 * fields. Asserts 201 and answers the correspondence's id.
 */
export async function sendTestCorrespondence(app: Pick<HttpApp, 'inject'>, reportee: string, externalShipmentReference: string, payload: Record<string, unknown>): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/serviceowner/correspondences',
    headers: { apikey: TTD_KEY },
    remoteAddress: '127.0.0.1',
    payload: { externalShipmentReference, serviceCode: '5005', serviceEditionCode: 1, reportee, ...payload },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().correspondenceId as number;
}

/** A decision letter's attachment, as bytes. */
export const LETTER = Buffer.from('%PDF-1.7 vedtak – æøå');

/** The content of a decision letter with LETTER attached as vedtak.pdf. */
export const LETTER_CONTENT = {
  languageCode: 'nb',
  messageTitle: 'Vedtak om tilskudd',
  messageSummary: 'Du har fått <b>vedtak</b>.',
  messageBody: '<p>Se vedlegget.</p>',
  attachments: [{ name: 'Vedtak', fileName: 'vedtak.pdf', data: LETTER.toString('base64'), sendersReference: 'v-1' }],
};
