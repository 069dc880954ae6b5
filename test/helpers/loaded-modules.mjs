// Preloaded with `node --import` by test/e2e/startup.test.ts: prints every module the process loads,
// ES modules through a loader hook (it runs in the hooks thread) and CommonJS ones from the require
// cache at exit, one `LOADED <url or path>` line each on stderr.
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

export async function load(url, context, nextLoad) {
  process._rawDebug(`LOADED ${url}`);
  return nextLoad(url, context);
}

if (isMainThread) {
  register(import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    for (const file of Object.keys(require.cache)) process._rawDebug(`LOADED ${file}`);
  });
}
