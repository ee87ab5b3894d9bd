#!/usr/bin/env node
// Entry point of the `tinn` command. Tinn ships as TypeScript and runs through tsx's loader,
// so there is no build step between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/roles/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
