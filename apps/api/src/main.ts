import { ConfigError, loadConfig } from './config/config';
import { DataDirLockedError } from './database/lock-file';
import { createApp } from './app.factory';
import { seedDemoIfWanted } from './demo/demo-seed';

async function main() {
  const config = loadConfig();
  const wala = await createApp(config, { listen: false });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    // the embedded database must be closed cleanly so everything is on disk
    wala.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await seedDemoIfWanted(wala, config, process.argv.includes('--demo'));
  await wala.app.listen({ port: config.port, host: config.host });
  const where = config.embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Wala is running at ${config.publicUrl} (${where})`);
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    console.error(e.message);
  } else {
    console.error(e);
  }
  process.exit(1);
});
