import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';

/** Registers the emulated confluence-cloud API routes (to be written). */
export function registerConfluenceCloudApi(_app: FastifyInstance, _ctx: EmulatorContext): void {}
