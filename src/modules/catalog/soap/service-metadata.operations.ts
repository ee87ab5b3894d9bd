import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import type { Catalog, Names, ServiceType } from '../index.ts';

/** Altinn II's languageID (Windows LCID) → the name Tinn keeps; anything else reads Bokmål. */
const LANGUAGES: Record<number, keyof Names> = { 1044: 'nb', 2068: 'nn', 1033: 'en' };

/** Tinn's service types as Altinn II's ServiceType enumeration names them (a form task is a Reporting service). */
const SERVICE_TYPES: Record<ServiceType, string> = { FormTask: 'Reporting', Correspondence: 'Correspondence', Broker: 'Broker', Lookup: 'Lookup', Collaboration: 'Collaboration' };

/**
 * ServiceMetaDataExternalBasic (`/ServiceEngineExternal/ServiceMetaDataExternalBasic.svc`): a data system
 * reads the service catalog and a form task's XSDs over SOAP 1.1 with its SystemID and password. The same
 * use cases as `GET /api/v1/services` and `GET /api/v1/services/{code}/{edition}/forms/{id}/{version}/xsd`;
 * REST needs no credentials here, Altinn II's contract does, so the system is checked first.
 */
export function serviceMetadataOperations(catalog: Catalog, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetAvailableServicesBasicV2: async (input, call) => {
      await auth.system(bodySystemCredentials(input), call);
      const language = LANGUAGES[input.languageID as number] ?? 'nb';
      const services = await catalog.listServices({});
      return {
        GetAvailableServicesBasicV2Result: {
          AvailableServiceBE: services.map((s) => ({
            ExternalServiceCode: s.serviceCode,
            ExternalServiceEditionCode: s.serviceEditionCode,
            // Tinn has one name per edition: it stands for both the service's and the edition's name.
            ServiceEditionVersionName: s.name[language],
            ServiceName: s.name[language],
            ServiceOwnerCode: s.serviceOwnerCode,
            ServiceType: SERVICE_TYPES[s.type],
            ValidFrom: s.validFrom,
            ValidTo: s.validTo ?? undefined,
          })),
        },
      };
    },

    GetFormTaskSchemaDefinitionsBasic: async (input, call) => {
      const actor = await auth.system(bodySystemCredentials(input), call);
      const code: string = input.externalServiceCode ?? '';
      const editionCode: number = input.externalServiceEditionCode ?? 0;
      const edition = await catalog.getServiceEdition(actor, code, editionCode);
      const definitions = [];
      for (const form of edition.forms) {
        // The main XSD; files it includes or imports are read over REST (…/forms/{id}/{version}/{file}).
        const { content } = await catalog.getFormSchemaFile(actor, code, editionCode, form.dataFormatId, form.dataFormatVersion);
        definitions.push({ DataFormatID: form.dataFormatId, DataFormatVersion: form.dataFormatVersion, DataFormatXsd: content });
      }
      return { GetFormTaskSchemaDefinitionsBasicResult: { LogicalFormSchemaDefinition: definitions } };
    },
  };
}
