import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import soap from 'soap';
import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import type { HttpApp } from '../http/index.ts';
import type { EnterpriseUserActor, ServiceOwnerActor, SystemActor } from '../actor.ts';
import { createXsdValidator, type XsdValidator } from '../xml/index.ts';
import { faultEnvelope } from './fault.ts';
import { readUsernameToken, type UsernameToken } from './ws-security.ts';
import { clientCertificateOf, type ClientCertificate } from './certificate.ts';
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { buildSchemaModel, childElements, qkey, readElement, writeContent, type SchemaModel, type TypeRef } from './schema-model.ts';
import { ALTINN_CONTRACT_NS, SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, wsdlSchemaFiles, type SoapVersion } from './wsdl-schema.ts';

/** What an operation knows about the call besides its input. */
export interface SoapCall {
  requestId: string;
  /** The client's address (allow-lists). */
  ip: string;
  /** How the binding carries credentials (see SoapCredentials). */
  credentials: SoapCredentials;
  /** The client's verified TLS certificate (EC and AEC endpoints), when one came. */
  clientCertificate: ClientCertificate | undefined;
  /** The WS-Security UsernameToken of the header, when one came. */
  usernameToken: UsernameToken | undefined;
  /** Names who called, for the fault's UserId, once the operation knows. */
  identify(userId: string): void;
}

/**
 * An operation: its request element's content read by the schema (numbers, booleans, dates, bytes; lists
 * always arrays) → its response element's content, written in WSDL order. Throw AppError for failures.
 */
export type SoapOperation = (input: Record<string, any>, call: SoapCall) => Promise<Record<string, unknown>>;

export interface SoapEndpoint {
  /** The Altinn II path, e.g. `/ArchiveExternal/DownloadQueueExternalBasic.svc`. */
  path: string;
  /** The WSDL text served at `?wsdl` (its address is rewritten to this server). */
  wsdl: string;
  /** 1.1 for Basic bindings, 1.2 for WS and EC. */
  version: SoapVersion;
  /** By operation name as in the WSDL; an operation of the WSDL left out answers a fault. */
  operations: Record<string, SoapOperation>;
  /** Largest request accepted, in bytes. */
  bodyLimit?: number;
  /** Where credentials are (see SoapCredentials); `body` when not given. */
  credentials?: SoapCredentials;
}

/**
 * Where a binding's credentials are: `body` (Basic: systemUserName/systemPassword), `usernameToken` (WS:
 * WS-Security header), `certificateAndBody` (EC: the enterprise certificate of the TLS connection plus the
 * body's name and password), `certificate` (AEC: the certificate alone).
 */
export type SoapCredentials = 'body' | 'usernameToken' | 'certificateAndBody' | 'certificate';

interface CallState {
  call: SoapCall;
  /** The body element read by the schema. */
  input: Record<string, unknown>;
  error?: unknown;
  userId?: string;
}

const current = new AsyncLocalStorage<CallState>();

// Altinn II ran on IIS, where paths are case-insensitive, and its own documents spell some differently
// (`PrefillBasic.svc`, `PreFillBasic.svc`): every mounted SOAP path, by its lower-case form.
const soapPaths = new Map<string, string>();

/** The URL with a SOAP path in any letter case rewritten to the path as mounted; other URLs unchanged. */
export function canonicalSoapUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!/\.svc\/?$/i.test(path)) return url;
  const mounted = soapPaths.get(path.replace(/\/$/, '').toLowerCase());
  return mounted === undefined || mounted === path ? url : mounted + (q < 0 ? '' : url.slice(q));
}

const TEST_ELEMENT = qkey(ALTINN_CONTRACT_NS, 'Test');

const CONTENT_TYPES: Record<SoapVersion, string> = { '1.1': 'text/xml; charset=utf-8', '1.2': 'application/soap+xml; charset=utf-8' };
const ENVELOPES: Record<SoapVersion, string> = { '1.1': SOAP11_ENVELOPE_NS, '1.2': SOAP12_ENVELOPE_NS };

// A sentinel the `soap` package passes through as a fault; the real answer is built from CallState.error.
const SENTINEL_FAULT = { Fault: { faultcode: 's:Client', faultstring: 'see CallState', statusCode: 500 } };

function findElement(model: SchemaModel, name: string, preferNs: string): { key: string; type: TypeRef } | undefined {
  const preferred = model.elements.get(qkey(preferNs, name));
  if (preferred) return { key: qkey(preferNs, name), type: preferred };
  for (const [key, type] of model.elements) if (key.endsWith(`}${name}`)) return { key, type };
  return undefined;
}

function requireMatch(re: RegExp, text: string, what: string): string {
  const m = re.exec(text);
  if (!m) throw new Error(`WSDL has no ${what}`);
  return m[1]!;
}

/** The envelope namespace a request uses, read from its first element (before the full validation). */
function envelopeNamespaceOf(xml: string): string | undefined {
  const m = /<(?:([A-Za-z_][\w.-]*):)?Envelope\b([^>]*)>/.exec(xml);
  if (!m) return undefined;
  const prefix = m[1];
  const attr = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(m[2]!);
  return attr?.[1];
}

const UNTRUSTED = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** The Body's element of a validated envelope, read by the schema, and the header's UsernameToken. */
function readRequest(model: SchemaModel, xml: string): { element: string; input: Record<string, unknown>; usernameToken: UsernameToken | undefined } {
  const doc = XmlDocument.fromString(xml, { option: UNTRUSTED });
  try {
    const children = childElements(doc.root);
    const body = children.find((e) => e.name === 'Body');
    const element = body && childElements(body)[0];
    const type = element && model.elements.get(qkey(element.namespaceUri, element.name));
    const input = element && type ? ((readElement(model, type, element) as Record<string, unknown>) ?? {}) : {};
    return { element: element ? qkey(element.namespaceUri, element.name) : '', input, usernameToken: readUsernameToken(children.find((e) => e.name === 'Header')) };
  } finally {
    doc.dispose();
  }
}

interface Runtime {
  validator: XsdValidator;
  model: SchemaModel;
  /** Each operation's SOAPAction, from the WSDL's binding. */
  actions: Map<string, string>;
  server: { processRequest(xml: string, options: object): Promise<{ statusCode: number; body: string }> };
}

/** The endpoint's validator, schema model and `soap` server. */
async function buildRuntime(endpoint: SoapEndpoint): Promise<Runtime> {
  const wsdl = endpoint.wsdl;
  const { files, main } = wsdlSchemaFiles(wsdl, endpoint.version);
  const validator = createXsdValidator(files, main);
  const model = buildSchemaModel(files);
  const targetNamespace = requireMatch(/<wsdl:definitions\b[^>]*\btargetNamespace="([^"]*)"/, wsdl, 'targetNamespace');
  const serviceName = requireMatch(/<wsdl:service\s+name="([^"]*)"/, wsdl, 'service');
  const portName = requireMatch(/<wsdl:port\s+name="([^"]*)"/, wsdl, 'port');

  const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
  const operationNames = [...new Set([...wsdl.matchAll(/<wsdl:operation\s+name="([^"]*)"/g)].map((m) => m[1]!))];
  const operations = endpoint.operations;
  for (const name of operationNames) {
    const response = findElement(model, `${name}Response`, targetNamespace);
    const operation = operations[name];
    methods[name] = async () => {
      const state = current.getStore()!;
      try {
        if (!operation) throw new AppError(PlatformProblems.soapInvalidRequest, { detail: `${name} is not offered by Tinn on this endpoint` });
        const result = await operation(state.input, state.call);
        if (!response || response.type.kind !== 'complex') return {};
        return { $xml: writeContent(model, response.type.key, result) };
      } catch (err) {
        state.error = err;
        throw SENTINEL_FAULT;
      }
    };
  }

  const server = await new Promise<Runtime['server']>((resolve, reject) => {
    let created: unknown;
    void soap
      .createServerless({
        path: endpoint.path,
        services: { [serviceName]: { [portName]: methods } },
        xml: wsdl,
        // The WSDL is ready only when this runs (createServerless resolves earlier).
        callback: (err: unknown) =>
          err
            ? reject(err)
            : setImmediate(() => {
                // The package declares every namespace of the WSDL on each answer's envelope; answers declare their own.
                (created as { wsdl: { xmlnsInEnvelope: string } }).wsdl.xmlnsInEnvelope = '';
                resolve(created as never);
              }),
        ...(endpoint.version === '1.2' ? { forceSoap12Headers: true } : {}),
      } as never)
      .then((s: unknown) => {
        created = s;
      }, reject);
  });
  const actions = new Map<string, string>();
  for (const m of wsdl.matchAll(/<wsdl:operation\s+name="([^"]+)">\s*<soap(?:12)?:operation\s+soapAction="([^"]*)"/g)) actions.set(m[1]!, m[2]!);
  return { validator, model, actions, server };
}

/** The SOAPAction a request names: the SOAPAction header (1.1) or the content type's action parameter (1.2). */
function requestedAction(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers.soapaction;
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) return value.replace(/^"|"$/g, '').trim() || undefined;
  const contentType = String(headers['content-type'] ?? '');
  const m = /;\s*action\s*=\s*"?([^";]*)"?/i.exec(contentType);
  return m?.[1]?.trim() || undefined;
}

/**
 * Serves one SOAP endpoint inside Fastify: `POST path` answers the operations, `GET path?wsdl` the WSDL.
 * The `soap` package parses the envelope and dispatches by SOAPAction or body element; around it, Tinn
 * checks the SOAP version, validates the whole request against the WSDL's schema first (a wrong type or a
 * missing element is a fault naming it), reads the input by the schema, writes the answer in schema order,
 * and builds every fault itself (AltinnFault with the ErrorID, shaped for the binding's SOAP version).
 */
export async function mountSoapEndpoint(app: HttpApp, endpoint: SoapEndpoint, options: { publicUrl?: string | undefined }): Promise<void> {
  const version = endpoint.version;
  // Compiling a WCF WSDL's schema and loading it into the `soap` package take 0.1–0.4 s for the big ones,
  // and Tinn serves some twenty endpoints: each is built on its first call, once, not at start-up.
  let runtime: Promise<Runtime> | undefined;
  const ready = () => (runtime ??= buildRuntime(endpoint));
  soapPaths.set(endpoint.path.toLowerCase(), endpoint.path);
  const fault = (reply: FastifyReply, req: FastifyRequest, err: unknown, userId?: string) => {
    const expected = err instanceof AppError && err.problem.kind !== 'internal';
    if (expected) req.log.info({ code: err.problem.code, detail: err.detail }, 'soap fault');
    else req.log.error({ err: err instanceof AppError ? (err.cause ?? err) : err }, 'soap request failed unexpectedly');
    const { status, xml } = faultEnvelope(version, err, { errorGuid: req.id, userId });
    return reply.code(status).header('content-type', CONTENT_TYPES[version]).send(xml);
  };

  const wsdlFor = (req: FastifyRequest) => {
    const base = options.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    return endpoint.wsdl.replace(/(<soap(?:12)?:address\s+location=")[^"]*(")/g, `$1${base.replace(/\/$/, '')}${endpoint.path}$2`);
  };

  app.register(async (scope) => {
    scope.addContentTypeParser(['text/xml', 'application/soap+xml', 'application/xml'], { parseAs: 'string', bodyLimit: endpoint.bodyLimit ?? 10 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );

    scope.get(endpoint.path, { schema: { hide: true } }, async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      if ('wsdl' in query || 'singleWsdl' in query) return reply.header('content-type', 'text/xml; charset=utf-8').send(wsdlFor(req));
      return reply.header('content-type', 'text/plain; charset=utf-8').send(`A SOAP ${version} endpoint of Tinn. Its WSDL: ${endpoint.path}?wsdl\n`);
    });

    scope.post(endpoint.path, { schema: { hide: true } }, async (req, reply) => {
      const xml = typeof req.body === 'string' ? req.body : '';
      const envelopeNs = envelopeNamespaceOf(xml);
      if (envelopeNs !== undefined && envelopeNs !== ENVELOPES[version] && (envelopeNs === SOAP11_ENVELOPE_NS || envelopeNs === SOAP12_ENVELOPE_NS)) {
        return fault(reply, req, new AppError(PlatformProblems.soapVersionMismatch, { detail: `${endpoint.path} is SOAP ${version}` }));
      }
      const { validator, model, actions, server } = await ready();
      const problems = await validator.validate(xml);
      if (problems.length > 0) {
        return fault(reply, req, new AppError(PlatformProblems.soapInvalidRequest, { detail: problems[0]!.message, errors: problems }));
      }
      const request = readRequest(model, xml);
      // Every Altinn II service answers `Test`, though some of Altinn's own WSDLs leave it out of the
      // contract (their schemas still declare it): answered here, for every endpoint alike.
      if (request.element === TEST_ELEMENT) {
        return reply
          .code(200)
          .header('content-type', CONTENT_TYPES[version])
          .send(`<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ENVELOPES[version]}"><s:Body><TestResponse xmlns="${ALTINN_CONTRACT_NS}"/></s:Body></s:Envelope>`);
      }
      // The body's element names the operation (document/literal, wrapped); a SOAPAction that names
      // another one is refused rather than obeyed, so the two can never disagree about what runs.
      const operation = request.element.slice(request.element.indexOf('}') + 1);
      const action = requestedAction(req.headers);
      if (!actions.has(operation) || (action !== undefined && action !== actions.get(operation))) {
        return fault(
          reply,
          req,
          new AppError(PlatformProblems.soapInvalidRequest, { detail: actions.has(operation) ? `SOAPAction ${action} is not the action of ${operation} (${actions.get(operation)})` : `${operation} is not an operation of this endpoint` }),
        );
      }
      const state: CallState = {
        input: request.input,
        call: {
          requestId: req.id,
          ip: req.ip,
          credentials: endpoint.credentials ?? 'body',
          usernameToken: request.usernameToken,
          clientCertificate: clientCertificateOf(req.raw.socket),
          identify: (userId) => {
            state.userId = userId;
          },
        },
      };
      // The `soap` package dispatches and writes the answer's envelope. It gets only the operation's element:
      // the input was read above, and parsing the whole request a third time cost about 1.4 ms a call.
      const ns = request.element.slice(1, request.element.indexOf('}'));
      const stub = `<e:Envelope xmlns:e="${ENVELOPES[version]}"><e:Body><o:${operation} xmlns:o="${ns}"/></e:Body></e:Envelope>`;
      const headers = { 'content-type': CONTENT_TYPES[version], ...(version === '1.1' ? { soapaction: `"${actions.get(operation)}"` } : {}) };
      const answer = await current.run(state, () => server.processRequest(stub, { url: endpoint.path, method: 'POST', headers }));
      if (state.error !== undefined) return fault(reply, req, state.error, state.userId);
      if (answer.statusCode >= 400) {
        // The `soap` package refused the request itself (it passed our schema check, so this is unexpected).
        return fault(reply, req, new AppError(PlatformProblems.internal, { cause: new Error(`soap answered ${answer.statusCode}: ${answer.body.slice(0, 500)}`) }));
      }
      return reply.code(200).header('content-type', CONTENT_TYPES[version]).send(answer.body);
    });
  });
}

/**
 * Turns the credentials an operation received into an actor; the api role implements it with authn.
 * Basic bindings carry them in the body (`systemUserName`/`systemPassword`, plus the user's fields for
 * data systems), WS bindings in a UsernameToken.
 */
/** What an end-user request's body carries for authentication (see bodySystemCredentials). */
export interface EndUserCredentials {
  systemId: string | undefined;
  systemPassword: string | undefined;
  userSSN?: string | undefined;
  userPassword?: string | undefined;
  userPinCode?: string | undefined;
  authMethod?: string | undefined;
  /** EC: the enterprise user's name and password (`userName`, `password` in the body). */
  enterpriseUserName?: string | undefined;
  enterpriseUserPassword?: string | undefined;
}

export interface SoapAuthenticator {
  serviceOwner(credentials: { systemName: string | undefined; password: string | undefined }, call: SoapCall): Promise<ServiceOwnerActor>;
  /** End-user services: a data system (Basic, WS), or an enterprise user (EC: `enterpriseUserName`/`enterpriseUserPassword`). */
  system(credentials: EndUserCredentials, call: SoapCall): Promise<SystemActor | EnterpriseUserActor>;
}

/**
 * The operations of a WS binding made from those of its Basic twin: `names` maps each WS operation to the
 * Basic one (`InsertCorrespondenceV2` → `InsertCorrespondenceBasicV2`). The request is the same minus the
 * credentials (they come in the UsernameToken), and the answer's `<Basic>Result` is renamed `<WS>Result`.
 */
export function wsOperations(basic: Record<string, SoapOperation>, names: Record<string, string>): Record<string, SoapOperation> {
  const out: Record<string, SoapOperation> = {};
  for (const [ws, basicName] of Object.entries(names)) {
    const operation = basic[basicName];
    if (!operation) throw new Error(`no Basic operation ${basicName} for ${ws}`);
    out[ws] = async (input, call) => {
      const result = await operation(input, call);
      const key = `${basicName}Result`;
      if (!(key in result)) return result;
      const { [key]: value, ...rest } = result;
      return { ...rest, [`${ws}Result`]: value };
    };
  }
  return out;
}
