export { createHttpServer, type HttpApp, type HttpServerOptions, type ReadinessReport } from './server.ts';
export { ProblemSchema, problemResponses, problemBody, validationItems, type ProblemBody } from './problem.ts';
