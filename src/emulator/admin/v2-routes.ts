import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../http/context.ts';

/** Registers the v2 directory routes (to be written). */
export function registerV2Routes(_app: FastifyInstance, _ctx: EmulatorContext): void {}
