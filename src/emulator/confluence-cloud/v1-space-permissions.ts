import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';

/** Registers the v1 space-permission writes (to be written). */
export function registerV1SpacePermissions(_app: FastifyInstance, _ctx: EmulatorContext): void {}
