export { canonicalSoapUrl, mountSoapEndpoint, wsOperations, type SoapAuthenticator, type SoapCredentials, type SoapCall, type SoapEndpoint, type SoapOperation } from './endpoint.ts';
export { faultEnvelope, ALTINN_FAULT_NS } from './fault.ts';
export { buildSchemaModel, readElement, writeContent, type SchemaModel } from './schema-model.ts';
export { wsdlSchemaFiles, SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, type SoapVersion } from './wsdl-schema.ts';
export { readUsernameToken, isDigestOf, WSSE_NS, WSU_NS, type UsernameToken } from './ws-security.ts';
export { clientCertificateOf, orgnoOfSubject, type ClientCertificate } from './certificate.ts';
export { deriveWsdl, variantOperationName, type BindingVariant } from './derive-wsdl.ts';
export { variantOf, type VariantOptions } from './variants.ts';
