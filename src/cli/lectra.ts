#!/usr/bin/env node
// The `lectra` command. Node's on-disk compile cache (Node ≥ 22.1) keeps V8's compiled code of
// LECTRA's bundle between runs, so a command starts without compiling its modules again; it must
// be switched on before they load, hence this small entry that imports the CLI afterwards.
import module from 'node:module';

module.enableCompileCache?.();
await import('./main.js');
