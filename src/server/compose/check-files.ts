import { existsSync, readFileSync } from 'node:fs';
import { parseConnectorConfig } from '../../atlassian/index.ts';
import { ConnectorError } from '../../connector/index.ts';
import { DomainError, loadAttributePolicy, loadWorkflowPolicy, parseHrSource } from '../../core/index.ts';
import type { SpacegateConfig } from '../config/schema.ts';

function attempt(key: string, file: string, check: (text: string) => void): string[] {
  if (!existsSync(file)) return [`${key}: no such file ${file}`];
  try {
    check(readFileSync(file, 'utf8'));
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
export function checkReferencedFiles(config: SpacegateConfig): string[] {
  const { atlassian, sources } = config;
  return [
    ...(atlassian === undefined
      ? []
      : attempt('atlassian.connectorFile', atlassian.connectorFile, (text) =>
          parseConnectorConfig(JSON.parse(text)),
        )),
    ...(sources.hrFile === undefined
      ? []
      : attempt('sources.hrFile', sources.hrFile, (text) => parseHrSource(sources.hrFile ?? '', text))),
    ...(sources.policyFile === undefined
      ? []
      : attempt('sources.policyFile', sources.policyFile, (text) =>
          loadAttributePolicy(sources.policyFile ?? '', text),
        )),
    ...(sources.workflowsFile === undefined
      ? []
      : attempt('sources.workflowsFile', sources.workflowsFile, (text) =>
          loadWorkflowPolicy(sources.workflowsFile ?? '', text),
        )),
  ];
}
