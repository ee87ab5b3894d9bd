import { defineProblems } from '../../platform/index.ts';

/** Problems of the catalog module. Codes are stable: never reuse or renumber them. */
export const CatalogProblems = defineProblems('CAT', {
  invalidDefinition: { code: 'CAT-00001', kind: 'invalid', title: 'The service definition has problems; every one is listed' },
  serviceCodeTaken: { code: 'CAT-00002', kind: 'conflict', title: 'Another service owner has a service with this service code' },
  editionInProduction: {
    code: 'CAT-00003',
    kind: 'conflict',
    title: 'A service edition in production cannot change: deploy the change as a new serviceEditionCode',
  },
  stateBackwards: { code: 'CAT-00004', kind: 'conflict', title: "A service edition's state only moves forward: draft → test → production" },
  serviceNotFound: { code: 'CAT-00005', kind: 'not-found', title: 'No service edition with this serviceCode and serviceEditionCode', altinnErrorId: 30005 },
  formNotFound: { code: 'CAT-00006', kind: 'not-found', title: 'The service edition has no form with this dataFormatId and dataFormatVersion' },
  dataFormatInProduction: {
    code: 'CAT-00007',
    kind: 'conflict',
    title: 'This dataFormatId and dataFormatVersion is used in production with another schema: give the changed schema a new dataFormatVersion',
  },
  dataFormatTaken: { code: 'CAT-00008', kind: 'conflict', title: 'Another service owner has a form with this dataFormatId' },
  schemaFileNotFound: { code: 'CAT-00009', kind: 'not-found', title: "The form's schema has no file with this name" },
  wrongServiceOwner: { code: 'CAT-00010', kind: 'forbidden', title: 'A service owner deploys only its own services' },
});
