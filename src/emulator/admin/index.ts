import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';

/** Registers the emulated admin API routes (to be written). */
export function registerAdminApi(_app: FastifyInstance, _ctx: EmulatorContext): void {}
