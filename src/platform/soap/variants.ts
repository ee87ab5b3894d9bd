import { deriveWsdl, type BindingVariant } from './derive-wsdl.ts';
import { wsOperations, type SoapCredentials, type SoapEndpoint, type SoapOperation } from './endpoint.ts';

/** Where a variant of a Basic endpoint is served, and where its WSDL or operation names differ from the derivation. */
export interface VariantOptions {
  path: string;
  /** Altinn's own WSDL for the variant, when Tinn has it (served instead of the derived one). */
  wsdl?: string;
  /** Basic operation → variant operation, where Altinn's name differs from the rule (`Basic` → ``/`EC`/`AEC`). */
  names?: Record<string, string>;
  /** Operations only the variant has (Altinn's WS contract kept some older versions the Basic one dropped). */
  operations?: Record<string, SoapOperation>;
  /** EC of an end-user service: an enterprise user's `userName` and `password` in the body instead of the system's and person's fields. */
  enterpriseUser?: boolean;
}

const CREDENTIALS: Record<BindingVariant, SoapCredentials> = { ws: 'usernameToken', ec: 'certificateAndBody', aec: 'certificate' };

/** One variant of a Basic endpoint: SOAP 1.2, the variant's credentials, its operations over the Basic ones. */
export function variantOf(basic: SoapEndpoint, variant: BindingVariant, options: VariantOptions): SoapEndpoint {
  // Derived when first needed (a big WSDL takes 30–50 ms), like the endpoint's runtime.
  let derived: ReturnType<typeof deriveWsdl> | undefined;
  const derive = () => (derived ??= deriveWsdl(basic.wsdl, variant, options.names, options.enterpriseUser));
  return {
    path: options.path,
    get wsdl() {
      return options.wsdl ?? derive().wsdl;
    },
    version: '1.2',
    credentials: CREDENTIALS[variant],
    get operations() {
      return { ...(basic.operations.Test ? { Test: basic.operations.Test } : {}), ...wsOperations(basic.operations, derive().operations), ...options.operations };
    },
    ...(basic.bodyLimit !== undefined ? { bodyLimit: basic.bodyLimit } : {}),
  };
}
