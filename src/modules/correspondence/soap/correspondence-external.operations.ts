// SOAP operations: filled in by the service they belong to.
export {};
