/** The part of `confluence-api` (johnpduane, a CommonJS client for Confluence Server without types) the tests drive. */
declare module 'confluence-api' {
  interface ConfluenceConfig {
    username: string;
    password: string;
    baseUrl: string;
  }
  /** The client: one object per base URL and Basic credentials; every call takes a Node callback. */
  export default class Confluence {
    constructor(config: ConfluenceConfig);
    getSpace(key: string, callback: (error: Error | null, data: unknown) => void): void;
  }
}
