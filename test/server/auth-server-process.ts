import { type AuthServerOptions, startAuthServer } from './auth-server.ts';

/** A second server process for the auth tests: options as JSON in argv[2]; prints its URL; stops on SIGTERM. */
const options = JSON.parse(process.argv[2] ?? '{}') as AuthServerOptions;
const server = await startAuthServer(options);
process.stdout.write(`${server.url}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
