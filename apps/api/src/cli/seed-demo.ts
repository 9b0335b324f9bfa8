/** npm run seed:demo — creates or completes the demo community (idempotent) and prints the logins. */
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { seedDemo } from '../demo/demo-seed';
import { runCli } from './cli-common';

runCli(async () => {
  const config = loadConfig();
  const wala = await createApp(config, { listen: false, poolSize: 2 });
  try {
    const { logins } = await seedDemo(wala, config);
    console.log('Demo community ready. Logins:\n' + logins.map((l) => '  ' + l).join('\n'));
  } finally {
    await wala.close();
  }
});
