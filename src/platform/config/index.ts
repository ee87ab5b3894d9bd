export { parseConfig, describeConfig, type Config, type ConfigResult, type Role, type LogLevel } from './config.ts';
export { configKeys, type KeyDefinition } from './keys.ts';
export { renderConfigurationDoc } from './doc.ts';
