import type { Actor } from '../../platform/index.ts';
import { deployServiceEdition, uncheckedDeployServiceEdition, type Deployment } from './deploy-service-edition.ts';
import { bindCatalogDeps, type CatalogDeps } from './deps.ts';
import { getFormSchemaFile, getServiceEdition, getServiceEditionAnyState, findServiceEditionAnyState, listOwnServices, listServices, type ServiceFilter } from './read-services.ts';
import type { ServiceState } from './service-edition.ts';
import { validateFormData } from './validate-form-data.ts';

export type { CatalogDeps } from './deps.ts';
export type { Deployment, DeployOutcome } from './deploy-service-edition.ts';
export type { ServiceFilter } from './read-services.ts';
export type { ServiceEdition, ServiceForm, AttachmentRule, ProcessStep, ServiceType, ServiceState, ReporteeType, Names, BrokerSettings } from './service-edition.ts';
export { SERVICE_TYPES, STATES, REPORTEE_TYPES, isActive, isListed, MAX_BROKER_FILE_BYTES } from './service-edition.ts';
export { CatalogProblems } from './errors.ts';
export { FormValidators } from './form-validators.ts';
export { CatalogCache, SERVICE_TOPIC } from './catalog-cache.ts';
export { readServiceDirectory } from './service-directory.ts';
export { catalogMigrations } from './db/migrations/index.ts';
export { registerCatalogRoutes } from './http/routes.ts';

export * from './soap/service-metadata.operations.ts';
/** The catalog module: service editions (ServiceCode + ServiceEditionCode), their forms and XSDs, attachment rules and process. */
export function createCatalog(deps: CatalogDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: CatalogDeps['db']) => createCatalog(bindCatalogDeps(deps, db)),
    /** A service owner deploys (creates, changes or promotes) an edition of its own. */
    deployServiceEdition: (actor: Actor, serviceCode: string, editionCode: number, input: Deployment) => deployServiceEdition(deps, actor, serviceCode, editionCode, input),
    /** Deploys for a service owner without an access check (operator CLI, world files). */
    uncheckedDeployServiceEdition: (serviceOwnerCode: string, serviceCode: string, editionCode: number, input: Deployment) =>
      uncheckedDeployServiceEdition(deps, serviceOwnerCode, serviceCode, editionCode, input),
    /** The public catalog (production, and test with the test environment on). */
    listServices: (filter: ServiceFilter) => listServices(deps, filter),
    /** A listed edition; a draft only for its owner. */
    getServiceEdition: (viewer: Actor | undefined, serviceCode: string, editionCode: number) => getServiceEdition(deps, viewer, serviceCode, editionCode),
    /** An edition in any state, without an access check (other modules deciding on it). */
    uncheckedGetServiceEdition: (serviceCode: string, editionCode: number) => getServiceEditionAnyState(deps, serviceCode, editionCode),
    /** Like uncheckedGetServiceEdition, but undefined when there is none. */
    uncheckedFindServiceEdition: (serviceCode: string, editionCode: number) => findServiceEditionAnyState(deps, serviceCode, editionCode),
    /** The actor's own editions (service owner), drafts included. */
    listOwnServices: (actor: Actor, filter: Omit<ServiceFilter, 'serviceOwnerCode'> & { state?: ServiceState }) => listOwnServices(deps, actor, filter),
    /** A form's main XSD, or a file it includes or imports. */
    getFormSchemaFile: (viewer: Actor | undefined, serviceCode: string, editionCode: number, dataFormatId: string, dataFormatVersion: number, file?: string) =>
      getFormSchemaFile(deps, viewer, serviceCode, editionCode, dataFormatId, dataFormatVersion, file),
    /** Every XSD violation of form data, with line numbers; an empty list when valid. */
    validateFormData: (dataFormatId: string, dataFormatVersion: number, xml: string | Uint8Array) => validateFormData(deps, dataFormatId, dataFormatVersion, xml),
  };
}

/** The catalog module's API type. */
export type Catalog = ReturnType<typeof createCatalog>;
