import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';

/** Registers the emulated scim API routes (to be written). */
export function registerScimApi(_app: FastifyInstance, _ctx: EmulatorContext): void {}
