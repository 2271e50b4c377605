import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { parseConnectorConfig } from '../../atlassian/index.ts';
import { ConnectorError } from '../../connector/index.ts';
import { DomainError, loadAttributePolicy, loadWorkflowPolicy, readHrSource } from '../../core/index.ts';
import type { SpacegateConfig } from '../config/schema.ts';

async function attempt(key: string, file: string, check: (file: string) => unknown): Promise<string[]> {
  if (!existsSync(file)) return [`${key}: no such file ${file}`];
  try {
    await check(file);
    return [];
  } catch (error) {
    if (error instanceof ConnectorError) {
      const problems = error.details?.problems;
      return Array.isArray(problems)
        ? problems.map((p) => `${key} (${file}): ${String(p)}`)
        : [`${key}: ${error.message}`];
    }
    if (error instanceof DomainError) return error.message.split('\n').map((line) => `${key}: ${line}`);
    return [`${key} (${file}): ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Checks the files the configuration names (connector JSON, HR source, attribute policy,
 * workflows) the way `start` reads them, and returns every problem found; none means ready to start.
 */
export async function checkReferencedFiles(config: SpacegateConfig): Promise<string[]> {
  const { atlassian, sources } = config;
  const text = (file: string) => readFileSync(file, 'utf8');
  const checks: Array<Promise<string[]>> = [];
  if (atlassian !== undefined)
    checks.push(
      attempt('atlassian.connectorFile', atlassian.connectorFile, (file) =>
        parseConnectorConfig(JSON.parse(text(file))),
      ),
    );
  if (sources.hrFile !== undefined)
    checks.push(
      attempt('sources.hrFile', sources.hrFile, (file) => readHrSource(file, createReadStream(file))),
    );
  if (sources.policyFile !== undefined)
    checks.push(
      attempt('sources.policyFile', sources.policyFile, (file) => loadAttributePolicy(file, text(file))),
    );
  if (sources.workflowsFile !== undefined)
    checks.push(
      attempt('sources.workflowsFile', sources.workflowsFile, (file) => loadWorkflowPolicy(file, text(file))),
    );
  return (await Promise.all(checks)).flat();
}
