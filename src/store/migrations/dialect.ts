/** Which database a migration runs on, for the few statements that differ (identity column, triggers). */
export type Dialect = 'sqlite' | 'postgres';
