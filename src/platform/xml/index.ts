/**
 * XML: XSD validation with libxml2-wasm. Kept out of `platform/index.ts` so that processes load the WASM
 * module only when they validate forms: import it from here.
 */
export { compileSchema, schemaFileClosure, type CompiledSchema } from './xsd.ts';
export { createXsdValidator, OFF_THREAD_BYTES, type XsdValidator } from './xsd-pool.ts';
export { formFields, labelOf, type FieldRow } from './fields.ts';
export { parseXmlTree, childOf, XmlDtdRefused, type XmlNode, type XmlTreeOptions } from './tree.ts';
export { escapeXml } from './escape.ts';
