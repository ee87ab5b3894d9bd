export { createHttpServer, requireActor, optionalActor, type HttpApp, type HttpServerOptions, type ReadinessReport } from './server.ts';
export { ProblemSchema, problemResponses, problemBody, type ProblemBody } from './problem.ts';
export { contentDisposition } from './disposition.ts';
export { decodeBase64Field } from './base64.ts';
