import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  type AttributePolicy,
  loadAttributePolicy,
  loadWorkflowPolicy,
  type WorkflowPolicy,
} from '../../core/index.ts';
import type { SpacegateConfig } from '../config/schema.ts';
import type { PolicyTexts } from '../policy-texts.ts';
import { DEMO_WORKFLOWS_FILE, demoWorkflows } from './demo.ts';

/** The sample attribute policy demo mode reads when the configuration names none. */
const SAMPLE_POLICY = 'examples/attribute-policy.yaml';

/** The loaded policies, their texts for the policy page, and what to record as the loaded versions. */
export interface LoadedSources {
  workflows: WorkflowPolicy;
  attributePolicy: AttributePolicy | undefined;
  texts: PolicyTexts;
}

async function readIfPresent(file: string | undefined): Promise<{ file: string; text: string } | undefined> {
  if (file === undefined || !existsSync(file)) return undefined;
  return { file, text: await readFile(file, 'utf8') };
}

/**
 * Reads the workflow and attribute policy files: the configured ones; in demo mode the built-in
 * demo workflows and the sample attribute policy under examples/. A configured file that is missing is an error.
 */
export async function loadSources(config: SpacegateConfig, demo: boolean): Promise<LoadedSources> {
  const { workflowsFile, policyFile } = config.sources;
  for (const [key, file] of [
    ['sources.workflowsFile', workflowsFile],
    ['sources.policyFile', policyFile],
  ] as const) {
    if (file !== undefined && !existsSync(file)) throw new Error(`${key}: no such file ${file}`);
  }
  const workflowsSource = (await readIfPresent(workflowsFile)) ?? {
    file: demo ? DEMO_WORKFLOWS_FILE : '(none: every request needs an administrator to configure workflows)',
    text: demo ? demoWorkflows() : 'version: 1\nworkflows: []\n',
  };
  const policySource = await readIfPresent(policyFile ?? (demo ? SAMPLE_POLICY : undefined));
  return {
    workflows: loadWorkflowPolicy(workflowsSource.file, workflowsSource.text),
    attributePolicy:
      policySource === undefined ? undefined : loadAttributePolicy(policySource.file, policySource.text),
    texts: { workflows: workflowsSource, attributes: policySource },
  };
}
